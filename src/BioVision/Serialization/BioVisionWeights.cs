using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Serialization;

/// <summary>
/// BioVision's own weights files (TorchSharp's <c>nn.Module.save</c> format: an entry count, then key and tensor pairs),
/// read into a dictionary so that legacy V1-block layouts can be translated and every mismatch named.
/// </summary>
public static class BioVisionWeights
{
    /// <summary>Reads every tensor of a weights file (on the CPU). The caller disposes the tensors.</summary>
    /// <param name="path">A file written by <c>module.save(path)</c>.</param>
    /// <exception cref="DataFormatException">The file is truncated or not in this format.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return Read(reader, path);
    }

    /// <summary>Reads every tensor from an open weights file.</summary>
    /// <param name="reader">Positioned at the start of the state dict.</param>
    /// <param name="name">Name used in error messages.</param>
    /// <exception cref="DataFormatException">The stream is truncated or not in this format.</exception>
    public static Dictionary<string, Tensor> Read(BinaryReader reader, string name = "stream")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            long count = DecodeLeb128(reader);
            if (count < 0 || count > 1_000_000)
            {
                throw new DataFormatException($"'{name}' is not a BioVision/TorchSharp weights file (entry count {count}).");
            }

            for (long i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                result[key] = Tensor.Load(reader);
            }

            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or NotImplementedException or OverflowException or FormatException)
        {
            foreach (var t in result.Values)
            {
                t.Dispose();
            }

            throw new DataFormatException($"'{name}' is not a readable BioVision/TorchSharp weights file: {e.Message}", e);
        }
    }

    /// <summary>Loads a weights file into a module (legacy V1-block layouts translated, mismatches named).</summary>
    /// <param name="target">The module.</param>
    /// <param name="path">The file.</param>
    /// <param name="strict">Whether any mismatch is an error (default true).</param>
    /// <exception cref="StateDictMismatchException">Strict and keys do not match.</exception>
    public static StateDictLoadReport Load(nn.Module target, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return Load(target, reader, strict, null, null);
    }

    /// <summary>The body of <c>VOneBlock.load</c>/<c>VOneNet.load</c>: reads, translates, loads.</summary>
    /// <param name="target">The module.</param>
    /// <param name="reader">The open file.</param>
    /// <param name="strict">Whether any mismatch is an error.</param>
    /// <param name="skip">Target keys to leave alone.</param>
    /// <param name="loadedParameters">Filled with the keys loaded, when given.</param>
    public static StateDictLoadReport Load(nn.Module target, BinaryReader reader, bool strict, IList<string>? skip, Dictionary<string, bool>? loadedParameters)
    {
        ArgumentNullException.ThrowIfNull(target);
        var source = Read(reader);
        try
        {
            var report = StateDictLoader.Load(target, source, new StateDictLoadOptions { Strict = strict, Skip = skip?.ToArray() ?? [] });
            if (loadedParameters is not null)
            {
                foreach (var key in target.state_dict().Keys)
                {
                    loadedParameters[key] = !report.Missing.Contains(key) && !report.Mismatched.Any(m => m.Key == key) && !(skip?.Contains(key) ?? false);
                }
            }

            return report;
        }
        finally
        {
            foreach (var t in source.Values)
            {
                t.Dispose();
            }
        }
    }

    // TorchSharp writes the entry count as unsigned LEB128; its codec is internal, so this reads it.
    private static long DecodeLeb128(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("LEB128 value longer than 64 bits.");
    }
}
