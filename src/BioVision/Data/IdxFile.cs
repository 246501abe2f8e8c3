using System.Buffers.Binary;
using System.IO.Compression;

namespace BioVision.Data;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format): a big-endian magic number <c>0x0000TTDD</c> (type code TT,
/// DD dimensions), DD big-endian 32-bit sizes, then the data. Plain or gzip-compressed files are accepted
/// (gzip is recognised by its 0x1f 0x8b signature, not by the file name).
/// </summary>
public static class IdxFile
{
    /// <summary>The type code for unsigned bytes, the only type used by image and label files.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Reads an unsigned-byte IDX file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedDimensions">Number of dimensions the caller needs (3 for images, 1 for labels).</param>
    /// <returns>The sizes of the dimensions and the data.</returns>
    /// <exception cref="DataFormatException">The magic number, type, dimensions or length are wrong.</exception>
    public static (int[] Sizes, byte[] Data) ReadBytes(string path, int expectedDimensions)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] raw = ReadMaybeGzip(path);
        if (raw.Length < 4)
        {
            throw new DataFormatException($"IDX file '{path}' is truncated: {raw.Length} bytes, fewer than the 4-byte magic number.");
        }

        if (raw[0] != 0 || raw[1] != 0)
        {
            throw new DataFormatException($"'{path}' is not an IDX file: magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(raw):X8} does not start with two zero bytes.");
        }

        if (raw[2] != UnsignedByteType)
        {
            throw new DataFormatException($"IDX file '{path}' has element type 0x{raw[2]:X2}; only unsigned bytes (0x08) are supported.");
        }

        int dimensions = raw[3];
        if (dimensions != expectedDimensions)
        {
            throw new DataFormatException($"IDX file '{path}' has {dimensions} dimensions (magic 0x{BinaryPrimitives.ReadUInt32BigEndian(raw):X8}); expected {expectedDimensions}.");
        }

        int header = 4 + (4 * dimensions);
        if (raw.Length < header)
        {
            throw new DataFormatException($"IDX file '{path}' is truncated inside its header ({raw.Length} of {header} bytes).");
        }

        var sizes = new int[dimensions];
        long total = 1;
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 + (4 * d)));
            if (sizes[d] < 0)
            {
                throw new DataFormatException($"IDX file '{path}' declares a negative size {sizes[d]} for dimension {d}.");
            }

            total *= sizes[d];
        }

        long available = raw.Length - header;
        if (available < total)
        {
            throw new DataFormatException($"IDX file '{path}' is truncated: the header declares {string.Join('x', sizes)} = {total} values but only {available} follow.");
        }

        if (available > total)
        {
            throw new DataFormatException($"IDX file '{path}' has {available - total} bytes after the {total} values its header declares.");
        }

        return (sizes, raw.AsSpan(header).ToArray());
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var input = new MemoryStream(bytes);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException($"'{path}' starts like a gzip file but cannot be decompressed: {e.Message}", e);
        }
    }
}
