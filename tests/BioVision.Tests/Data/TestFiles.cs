using System.Buffers.Binary;
using System.IO.Compression;

namespace BioVision.Tests.Data;

/// <summary>A temporary folder deleted on dispose, and writers for small data files.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "biovision-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public static byte[] Idx(int[] sizes, byte[] data, uint? magic = null)
    {
        var bytes = new byte[4 + (4 * sizes.Length) + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic ?? (uint)(0x0800 | sizes.Length));
        for (int d = 0; d < sizes.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), sizes[d]);
        }

        data.CopyTo(bytes, 4 + (4 * sizes.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
