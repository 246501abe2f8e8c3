using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BioVision.Rsa.Io;

namespace BioVision.Rsa.Tests.Io;

/// <summary>.npz integrity: CRC-32 verified, declared sizes validated before allocating, members streamed.</summary>
public sealed class NpzIntegrityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-npz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Npy(string descr, int[] shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)},), }}";
        int total = 10 + dict.Length + 1;
        string header = dict + new string(' ', ((total + 63) / 64 * 64) - total) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private string WriteNpz(string file, CompressionLevel level, params (string Name, byte[] Npy)[] members)
    {
        string path = Path.Combine(_dir, file);
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, npy) in members)
        {
            using Stream s = zip.CreateEntry(name + ".npy", level).Open();
            s.Write(npy);
        }

        return path;
    }

    [Fact]
    public void EverySingleByteCorruptionOfTheRealArchiveRaisesOrLeavesTheDataUnchanged()
    {
        // The Zhang–Desimone archive stores its members uncompressed: before the CRC check, a flipped data byte
        // loaded silently as a changed spike count.
        byte[] original = File.ReadAllBytes(SharedDataPaths.Data("zhang_desimone_IT/derived/zd_counts.npz"));
        var reference = NpyReader.ReadNpz(SharedDataPaths.Data("zhang_desimone_IT/derived/zd_counts.npz"));
        var rng = new Random(5);
        int raised = 0;
        for (int trial = 0; trial < 32; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int at = trial < 24 ? 200 + rng.Next(bytes.Length - 400) : rng.Next(bytes.Length); // mostly member data
            bytes[at] ^= (byte)(1 + rng.Next(255));
            string path = Path.Combine(_dir, $"corrupt{trial}.npz");
            File.WriteAllBytes(path, bytes);
            try
            {
                var read = NpyReader.ReadNpz(path);
                Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
                foreach (var (key, array) in reference)
                {
                    Assert.Equal(array.Shape, read[key].Shape);
                    Assert.Equal(array.ToArray(), read[key].ToArray());
                    Assert.Equal(array.Strings, read[key].Strings);
                }
            }
            catch (NeuralDataFormatException e)
            {
                Assert.Equal(path, e.FilePath);
                raised++;
            }
        }

        Assert.True(raised >= 24, $"only {raised} of 32 corruptions were detected");
    }

    [Fact]
    public void FlippedDataByteInAStoredMemberIsReportedAsACrcMismatch()
    {
        byte[] npy = Npy("<f8", [4], new double[] { 1, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray());
        string path = WriteNpz("crc.npz", CompressionLevel.NoCompression, ("x", npy));
        byte[] bytes = File.ReadAllBytes(path);
        int data = bytes.AsSpan().IndexOf(BitConverter.GetBytes(3.0));
        bytes[data + 7] ^= 0x40; // 3.0 becomes another double
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.ReadNpz(path));
        Assert.Contains("CRC-32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredSizesBeyondTheArchiveAreRejectedBeforeAllocating()
    {
        byte[] npy = Npy("<f8", [4], new byte[32]);
        string path = WriteNpz("sizes.npz", CompressionLevel.NoCompression, ("x", npy));
        byte[] bytes = File.ReadAllBytes(path);

        // Patch the uncompressed size in the local header (offset 22) and the central directory (offset 24) to 900 MB.
        int local = bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x03, 0x04 });
        int central = bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x01, 0x02 });
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(local + 22), 900_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), 900_000_000);
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.ReadNpz(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000, "allocated as if the declared size were real");
        Assert.Contains("declares", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderShapeDisagreeingWithTheMemberSizeIsRejected()
    {
        // A header that claims 10⁸ doubles in a member of 64 bytes: rejected from the sizes, nothing allocated.
        byte[] npy = Npy("<f8", [100_000_000], new byte[64]);
        string path = WriteNpz("shape.npz", CompressionLevel.Optimal, ("x", npy));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.ReadNpz(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000, "allocated the declared shape");
        Assert.Contains("needs 800000000 data bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HighlyCompressedMemberIsStreamedIntoItsArrayWithoutExtraCopies()
    {
        // 2²¹ zeros as float64 = 16 MiB that deflate to a few KiB (the shape of the crafted 0.97 MB file). Allocation is
        // bounded by the result (16 MiB) plus small buffers; buffering the member (MemoryStream growth + ToArray)
        // allocated more than three times that.
        const int count = 1 << 21;
        string path = WriteNpz("zeros.npz", CompressionLevel.Optimal, ("z", Npy("<f8", [count], new byte[count * 8])));
        Assert.True(new FileInfo(path).Length < 100_000);
        NpyReader.ReadNpz(path); // warm up (JIT, zlib)
        long before = GC.GetAllocatedBytesForCurrentThread();
        var z = NpyReader.ReadNpz(path)["z"];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(count, z.Values.Length);
        Assert.True(allocated < (count * 8L) + 2_000_000, $"allocated {allocated} bytes for a {count * 8L}-byte array");
    }
}
