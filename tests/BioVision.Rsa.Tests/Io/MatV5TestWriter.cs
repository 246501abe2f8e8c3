using System.Buffers.Binary;
using System.Text;

namespace BioVision.Rsa.Tests.Io;

/// <summary>Writes tiny uncompressed level 5 MAT-files in either byte order, for reader tests (spec-level, not MATLAB).</summary>
internal sealed class MatV5TestWriter(bool bigEndian)
{
    private readonly List<byte> _bytes = [];

    public MatV5TestWriter Header()
    {
        byte[] text = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by BioVision tests".PadRight(116));
        _bytes.AddRange(text);
        _bytes.AddRange(new byte[8]);
        _bytes.AddRange(bigEndian ? [0x01, 0x00, (byte)'M', (byte)'I'] : [0x00, 0x01, (byte)'I', (byte)'M']);
        return this;
    }

    public MatV5TestWriter Matrix(byte[] content)
    {
        _bytes.AddRange(Element(14, content));
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    public byte[] Element(int type, byte[] data)
    {
        var list = new List<byte>();
        list.AddRange(U32((uint)type));
        list.AddRange(U32((uint)data.Length));
        list.AddRange(data);
        while (list.Count % 8 != 0)
        {
            list.Add(0);
        }

        return [.. list];
    }

    /// <summary>The body of a miMATRIX: flags, dims, name, then <paramref name="payload"/> (already-tagged elements).</summary>
    public byte[] MatrixBody(int classId, int[] dims, string name, byte[] payload, bool complex = false, bool logical = false)
    {
        var list = new List<byte>();
        uint flags = (uint)classId | (complex ? 0x0800u : 0) | (logical ? 0x0200u : 0);
        list.AddRange(Element(6, [.. U32(flags), .. U32(0)]));
        list.AddRange(Element(5, dims.SelectMany(d => U32((uint)d)).ToArray()));
        list.AddRange(Element(1, Encoding.ASCII.GetBytes(name)));
        list.AddRange(payload);
        return [.. list];
    }

    public byte[] Doubles(double[] values) => Element(9, values.SelectMany(v => U64((ulong)BitConverter.DoubleToInt64Bits(v))).ToArray());

    public byte[] Int16s(short[] values) => Element(3, values.SelectMany(v => U16((ushort)v)).ToArray());

    public byte[] Utf16(string text) => Element(4, text.SelectMany(c => U16(c)).ToArray());

    public byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        return b;
    }

    public byte[] U32(uint v)
    {
        var b = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        return b;
    }

    public byte[] U64(ulong v)
    {
        var b = new byte[8];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        }

        return b;
    }
}
