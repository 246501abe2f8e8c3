using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BioVision.Rsa.Io;

/// <summary>
/// Reads level 5 MAT-files (MATLAB 5 to 7.2): numeric and logical arrays of every class, char arrays, cell arrays,
/// struct arrays of any dimensions (nested) and objects (read as structs), in either byte order, with or without
/// zlib compression (miCOMPRESSED). Sparse arrays, function handles and opaque objects are reported as unsupported.
/// Every size in the file is checked against the bytes that remain, so a truncated or corrupt file raises
/// <see cref="NeuralDataFormatException"/> instead of reading out of bounds or allocating without limit.
/// </summary>
public static class MatFileReader
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17, MiUtf32 = 18;

    /// <summary>Reads every variable of a level 5 MAT-file.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="options">Limits; <see cref="MatReadOptions.Default"/> when null.</param>
    /// <exception cref="NeuralDataFormatException">The file is malformed, truncated or uses an unsupported feature.</exception>
    public static MatFile Read(string path, MatReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= MatReadOptions.Default;
        long length = new FileInfo(path).Length;
        if (length > options.MaxFileBytes)
        {
            throw new NeuralDataFormatException(path, $"file is {length} bytes, above the limit of {options.MaxFileBytes} bytes (MatReadOptions.MaxFileBytes)");
        }

        byte[] bytes = File.ReadAllBytes(path);
        return Read(bytes, path, options);
    }

    /// <summary>Reads every variable of a level 5 MAT-file held in memory.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="path">A name for messages.</param>
    /// <param name="options">Limits; <see cref="MatReadOptions.Default"/> when null.</param>
    /// <exception cref="NeuralDataFormatException">The content is malformed, truncated or unsupported.</exception>
    public static MatFile Read(byte[] bytes, string path, MatReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(path);
        var parser = new Parser(path, options ?? MatReadOptions.Default);
        return parser.ReadFile(bytes);
    }

    private sealed class Parser(string path, MatReadOptions options)
    {
        private bool _bigEndian;

        public MatFile ReadFile(byte[] bytes)
        {
            if (bytes.Length < 128)
            {
                throw Fail($"file is {bytes.Length} bytes long, shorter than the 128-byte MAT-file header");
            }

            string text = Encoding.ASCII.GetString(bytes, 0, 116).TrimEnd(' ', '\0');
            if (!text.StartsWith("MATLAB", StringComparison.Ordinal))
            {
                throw Fail("not a MAT-file: the header text does not start with 'MATLAB'");
            }

            if (bytes[126] == (byte)'I' && bytes[127] == (byte)'M')
            {
                _bigEndian = false;
            }
            else if (bytes[126] == (byte)'M' && bytes[127] == (byte)'I')
            {
                _bigEndian = true;
            }
            else
            {
                throw Fail($"not a level 5 MAT-file: endian indicator is 0x{bytes[126]:X2}{bytes[127]:X2}, expected 'IM' or 'MI'");
            }

            int version = U16(bytes, 124);
            if (version != 0x0100)
            {
                throw Fail($"unsupported MAT-file version 0x{version:X4} (level 5 files have 0x0100)");
            }

            var variables = new List<MatArray>();
            int pos = 128;
            while (pos < bytes.Length)
            {
                Tag tag = ReadTag(bytes, pos, bytes.Length, "top-level data element");
                if (tag.Type == MiCompressed)
                {
                    byte[] inflated = Inflate(bytes, tag.DataOffset, tag.Length);
                    Tag inner = ReadTag(inflated, 0, inflated.Length, "compressed data element");
                    if (inner.Type != MiMatrix)
                    {
                        throw Fail($"compressed element holds data type {inner.Type}, expected miMATRIX (14)");
                    }

                    variables.Add(ParseMatrix(inflated, inner.DataOffset, inner.Length, 0));
                    pos = tag.DataOffset + tag.Length;
                }
                else if (tag.Type == MiMatrix)
                {
                    variables.Add(ParseMatrix(bytes, tag.DataOffset, tag.Length, 0));
                    pos = tag.Next;
                }
                else
                {
                    throw Fail($"top-level data element at byte {pos} has type {tag.Type}; expected miMATRIX (14) or miCOMPRESSED (15)");
                }
            }

            return new MatFile(path, MatFileFormat.Version5, text, variables);
        }

        private MatArray ParseMatrix(byte[] buf, int start, int length, int depth)
        {
            if (depth > options.MaxDepth)
            {
                throw Fail($"cells/structs are nested deeper than {options.MaxDepth} levels");
            }

            int end = start + length;
            if (length == 0)
            {
                return new MatNumericArray(string.Empty, MatClass.Double, [0, 0], []);
            }

            Tag flagsTag = ReadTag(buf, start, end, "array flags");
            if (flagsTag.Type != MiUInt32 || flagsTag.Length != 8)
            {
                throw Fail($"array flags subelement has type {flagsTag.Type} and {flagsTag.Length} bytes; expected miUINT32 of 8 bytes");
            }

            uint flags = U32(buf, flagsTag.DataOffset);
            int classId = (int)(flags & 0xFF);
            bool complex = (flags & 0x0800) != 0;
            bool logical = (flags & 0x0200) != 0;

            Tag dimsTag = ReadTag(buf, flagsTag.Next, end, "dimensions");
            if (dimsTag.Type != MiInt32 || dimsTag.Length % 4 != 0 || dimsTag.Length < 8)
            {
                throw Fail($"dimensions subelement has type {dimsTag.Type} and {dimsTag.Length} bytes; expected at least two miINT32");
            }

            var dims = new int[dimsTag.Length / 4];
            for (int k = 0; k < dims.Length; k++)
            {
                dims[k] = (int)U32(buf, dimsTag.DataOffset + (4 * k));
                if (dims[k] < 0)
                {
                    throw Fail($"negative dimension {dims[k]}");
                }
            }

            int count;
            try
            {
                count = ArrayOrder.ElementCount(dims);
            }
            catch (ArgumentException e)
            {
                throw Fail(e.Message);
            }

            Tag nameTag = ReadTag(buf, dimsTag.Next, end, "array name");
            if (nameTag.Type != MiInt8 && nameTag.Type != MiUInt8)
            {
                throw Fail($"array name subelement has type {nameTag.Type}; expected miINT8");
            }

            string name = Encoding.ASCII.GetString(buf, nameTag.DataOffset, nameTag.Length).TrimEnd('\0');
            int pos = nameTag.Next;

            switch (classId)
            {
                case 1:
                    {
                        if ((long)count * 8 > end - pos)
                        {
                            throw Fail($"cell array '{name}' declares {count} cells but only {end - pos} bytes remain (each cell needs at least 8)");
                        }

                        var cells = new MatArray[count];
                        for (int i = 0; i < count; i++)
                        {
                            Tag cell = ReadTag(buf, pos, end, $"cell {i} of '{name}'");
                            if (cell.Type != MiMatrix)
                            {
                                throw Fail($"cell {i} of '{name}' has data type {cell.Type}; expected miMATRIX");
                            }

                            cells[i] = ParseMatrix(buf, cell.DataOffset, cell.Length, depth + 1);
                            pos = cell.Next;
                        }

                        return new MatCellArray(name, dims, cells);
                    }

                case 2:
                case 3:
                    {
                        if (classId == 3)
                        {
                            Tag className = ReadTag(buf, pos, end, $"class name of object '{name}'");
                            pos = className.Next;
                        }

                        Tag lenTag = ReadTag(buf, pos, end, $"field-name length of struct '{name}'");
                        if (lenTag.Type != MiInt32 || lenTag.Length != 4)
                        {
                            throw Fail($"field-name length of struct '{name}' is not one miINT32");
                        }

                        int fieldLength = (int)U32(buf, lenTag.DataOffset);
                        Tag namesTag = ReadTag(buf, lenTag.Next, end, $"field names of struct '{name}'");
                        if (fieldLength <= 0 ? namesTag.Length != 0 : namesTag.Length % fieldLength != 0)
                        {
                            throw Fail($"field names of struct '{name}' ({namesTag.Length} bytes) are not a multiple of the field-name length {fieldLength}");
                        }

                        int fieldCount = fieldLength <= 0 ? 0 : namesTag.Length / fieldLength;
                        var fields = new string[fieldCount];
                        for (int f = 0; f < fieldCount; f++)
                        {
                            fields[f] = Encoding.ASCII.GetString(buf, namesTag.DataOffset + (f * fieldLength), fieldLength).TrimEnd('\0');
                        }

                        pos = namesTag.Next;
                        if ((long)count * Math.Max(fieldCount, 1) * 8 > end - pos + 8)
                        {
                            throw Fail($"struct '{name}' declares {count}x{fieldCount} field values but only {end - pos} bytes remain (each needs at least 8)");
                        }

                        var elements = new MatArray[count][];
                        for (int i = 0; i < count; i++)
                        {
                            elements[i] = new MatArray[fieldCount];
                            for (int f = 0; f < fieldCount; f++)
                            {
                                Tag field = ReadTag(buf, pos, end, $"field '{fields[f]}' of '{name}'");
                                if (field.Type != MiMatrix)
                                {
                                    throw Fail($"field '{fields[f]}' of '{name}' has data type {field.Type}; expected miMATRIX");
                                }

                                elements[i][f] = ParseMatrix(buf, field.DataOffset, field.Length, depth + 1);
                                pos = field.Next;
                            }
                        }

                        return new MatStructArray(name, dims, fields, elements);
                    }

                case 4:
                    {
                        Tag data = ReadTag(buf, pos, end, $"characters of '{name}'");
                        char[] chars = DecodeChars(buf, data, name);
                        if (chars.Length != count)
                        {
                            throw Fail($"char array '{name}' holds {chars.Length} characters, expected {count} for {string.Join('x', dims)}");
                        }

                        return new MatCharArray(name, dims, chars);
                    }

                case 5:
                    throw Fail($"variable '{name}' is a sparse array, which is not supported (convert it with full() before saving)");

                case >= 6 and <= 15:
                    {
                        Tag real = ReadTag(buf, pos, end, $"real part of '{name}'");
                        double[] re = ToDoubles(buf, real, count, name);
                        double[]? im = null;
                        if (complex)
                        {
                            Tag imag = ReadTag(buf, real.Next, end, $"imaginary part of '{name}'");
                            im = ToDoubles(buf, imag, count, name);
                        }

                        MatClass cls = logical ? MatClass.Logical : (MatClass)classId;
                        return new MatNumericArray(name, cls, dims, re, im);
                    }

                default:
                    throw Fail($"variable '{name}' has MATLAB class {classId} ({(classId is 16 ? "function handle" : classId is 17 ? "opaque object" : "unknown")}), which is not supported");
            }
        }

        private char[] DecodeChars(byte[] buf, Tag data, string name)
        {
            ReadOnlySpan<byte> span = buf.AsSpan(data.DataOffset, data.Length);
            switch (data.Type)
            {
                case MiUtf8:
                case MiUInt8:
                case MiInt8:
                    return data.Type == MiUtf8 ? Encoding.UTF8.GetString(span).ToCharArray() : span.ToArray().Select(b => (char)b).ToArray();
                case MiUtf16:
                case MiUInt16:
                case MiInt16:
                    {
                        var chars = new char[data.Length / 2];
                        for (int i = 0; i < chars.Length; i++)
                        {
                            chars[i] = (char)U16(buf, data.DataOffset + (2 * i));
                        }

                        return chars;
                    }

                case MiUtf32:
                case MiUInt32:
                case MiInt32:
                    {
                        var chars = new char[data.Length / 4];
                        for (int i = 0; i < chars.Length; i++)
                        {
                            chars[i] = (char)U32(buf, data.DataOffset + (4 * i));
                        }

                        return chars;
                    }

                default:
                    throw Fail($"char array '{name}' is stored as data type {data.Type}, which is not a character type");
            }
        }

        private double[] ToDoubles(byte[] buf, Tag data, int count, string name)
        {
            int size = data.Type switch
            {
                MiInt8 or MiUInt8 => 1,
                MiInt16 or MiUInt16 => 2,
                MiInt32 or MiUInt32 or MiSingle => 4,
                MiDouble or MiInt64 or MiUInt64 => 8,
                _ => throw Fail($"numeric data of '{name}' has data type {data.Type}, which is not numeric"),
            };
            if ((long)count * size != data.Length)
            {
                throw Fail($"numeric data of '{name}' is {data.Length} bytes; {count} elements of {size} bytes were expected");
            }

            var result = new double[count];
            int o = data.DataOffset;
            for (int i = 0; i < count; i++, o += size)
            {
                result[i] = data.Type switch
                {
                    MiInt8 => (sbyte)buf[o],
                    MiUInt8 => buf[o],
                    MiInt16 => (short)U16(buf, o),
                    MiUInt16 => U16(buf, o),
                    MiInt32 => (int)U32(buf, o),
                    MiUInt32 => U32(buf, o),
                    MiSingle => BitConverter.Int32BitsToSingle((int)U32(buf, o)),
                    MiDouble => BitConverter.Int64BitsToDouble((long)U64(buf, o)),
                    MiInt64 => (long)U64(buf, o),
                    _ => U64(buf, o),
                };
            }

            return result;
        }

        private byte[] Inflate(byte[] buf, int offset, int length)
        {
            try
            {
                using var input = new MemoryStream(buf, offset, length, writable: false);
                using var zlib = new ZLibStream(input, CompressionMode.Decompress);
                using var output = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = zlib.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (output.Length + read > options.MaxDecompressedBytes)
                    {
                        throw Fail($"a compressed element inflates beyond {options.MaxDecompressedBytes} bytes (MatReadOptions.MaxDecompressedBytes)");
                    }

                    output.Write(chunk, 0, read);
                }

                return output.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw Fail($"a compressed element at byte {offset - 8} is corrupt ({e.Message})", e);
            }
        }

        private Tag ReadTag(byte[] buf, int pos, int end, string what)
        {
            if (end - pos < 8)
            {
                throw Fail($"truncated: the {what} tag at byte {pos} needs 8 bytes but {Math.Max(0, end - pos)} remain");
            }

            uint first = U32(buf, pos);
            if ((first >> 16) != 0)
            {
                int small = (int)(first >> 16);
                if (small > 4)
                {
                    throw Fail($"the {what} at byte {pos} is a small data element of {small} bytes (at most 4 allowed)");
                }

                return new Tag((int)(first & 0xFFFF), pos + 4, small, pos + 8);
            }

            uint n = U32(buf, pos + 4);
            if (n > (uint)(end - pos - 8))
            {
                throw Fail($"truncated: the {what} at byte {pos} declares {n} bytes but only {end - pos - 8} remain");
            }

            long next = pos + 8L + n;
            long padded = (next + 7) & ~7L;
            return new Tag((int)first, pos + 8, (int)n, (int)Math.Min(padded, end));
        }

        private ushort U16(byte[] b, int o) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));

        private uint U32(byte[] b, int o) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));

        private ulong U64(byte[] b, int o) => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));

        private NeuralDataFormatException Fail(string problem, Exception? inner = null) => new(path, problem, inner);
    }

    private readonly record struct Tag(int Type, int DataOffset, int Length, int Next);
}
