using Xunit;
using BioVision.Rsa.Io;

namespace BioVision.Rsa.Tests.Io;

/// <summary>Hand-written files in both byte orders, and cut or corrupted real files, through the MAT readers.</summary>
public sealed class MatFileFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-mat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] SampleFile(bool bigEndian)
    {
        var w = new MatV5TestWriter(bigEndian);
        w.Header();
        // x = [1 2 3; 4 5 6] stored column-major: 1 4 2 5 3 6.
        w.Matrix(w.MatrixBody(6, [2, 3], "x", w.Doubles([1, 4, 2, 5, 3, 6])));
        w.Matrix(w.MatrixBody(10, [1, 3], "k", w.Int16s([-7, 0, 300])));
        w.Matrix(w.MatrixBody(4, [1, 5], "s", w.Utf16("hello")));
        byte[] inner = w.MatrixBody(6, [1, 1], string.Empty, w.Doubles([2.5]));
        byte[] innerText = w.MatrixBody(4, [1, 2], string.Empty, w.Utf16("ab"));
        w.Matrix(w.MatrixBody(1, [1, 2], "c", [.. w.Element(14, inner), .. w.Element(14, innerText)]));
        return w.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HandWrittenFile_ReadsTheSameInBothByteOrders(bool bigEndian)
    {
        MatFile file = MatFile.Read(Write($"sample{bigEndian}.mat", SampleFile(bigEndian)));
        MatNumericArray x = file.Numeric("x");
        Assert.Equal([1.0, 2, 3, 4, 5, 6], x.ToRowMajor());
        Assert.Equal(6.0, x.At(1, 2));
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, x.ToMatrix());
        MatNumericArray k = file.Numeric("k");
        Assert.Equal(MatClass.Int16, k.Class);
        Assert.Equal([-7.0, 0, 300], k.ToRowMajor());
        Assert.Equal("hello", ((MatCharArray)file["s"]).Text);
        MatCellArray c = file.Cell("c");
        Assert.Equal(2.5, ((MatNumericArray)c[0]).Scalar());
        Assert.Equal("ab", ((MatCharArray)c[1]).Text);
    }

    [Fact]
    public void SparseArray_IsReportedAsUnsupported()
    {
        var w = new MatV5TestWriter(false);
        w.Header();
        w.Matrix(w.MatrixBody(5, [3, 3], "sp", w.Doubles([1])));
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("sparse.mat", w.ToArray())));
        Assert.Contains("sparse", e.Message, StringComparison.Ordinal);
        Assert.Contains("sparse.mat", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataShorterThanDimensions_IsRejected()
    {
        var w = new MatV5TestWriter(false);
        w.Header();
        w.Matrix(w.MatrixBody(6, [1000, 1000], "big", w.Doubles([1, 2])));
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("short.mat", w.ToArray())));
        Assert.Contains("elements", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeCellDimensions_AreRejectedWithoutAllocating()
    {
        var w = new MatV5TestWriter(false);
        w.Header();
        w.Matrix(w.MatrixBody(1, [40000, 40000], "c", []));
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("hugecell.mat", w.ToArray())));
        Assert.Contains("cells", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeStructDimensions_AreRejectedWithoutAllocating()
    {
        var w = new MatV5TestWriter(false);
        w.Header();
        byte[] fields = [.. w.Element(5, w.U32(8)), .. w.Element(1, System.Text.Encoding.ASCII.GetBytes("a\0\0\0\0\0\0\0"))];
        w.Matrix(w.MatrixBody(2, [40000, 40000], "s", fields));
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("hugestruct.mat", w.ToArray())));
        Assert.Contains("struct", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeDeclaredLength_IsRejectedWithoutAllocating()
    {
        var w = new MatV5TestWriter(false);
        w.Header();
        byte[] bytes = [.. w.ToArray(), .. w.U32(14), .. w.U32(0x7FFFFFF0), .. new byte[16]];
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("huge.mat", bytes)));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.01)]
    public void TruncatedRealFile_RaisesNamedFormatError(double keep)
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat"));
        string path = Write("cut.mat", all[..Math.Max(130, (int)(all.Length * keep))]);
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void FileShorterThanHeader_IsRejected()
    {
        string path = Write("tiny.mat", new byte[40]);
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(path));
        Assert.Contains("128-byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlippedHeaderText_IsNotAMatFile()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("kriegeskorte2008_92/92_modelRDMs.mat"));
        all[0] = (byte)'X';
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("magic.mat", all)));
        Assert.Contains("MATLAB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadEndianIndicator_IsRejected()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("kriegeskorte2008_92/92_modelRDMs.mat"));
        all[126] = (byte)'Z';
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("endian.mat", all)));
        Assert.Contains("endian", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptCompressedStream_IsRejected()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat"));
        for (int i = 200; i < 400; i++)
        {
            all[i] ^= 0x5A;
        }

        Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(Write("corrupt.mat", all)));
    }

    [Fact]
    public void TruncatedV73File_RaisesNamedFormatError()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("algonauts2019_92/target_fmri.mat"));
        string path = Write("cut73.mat", all[..(all.Length / 3)]);
        var e = Assert.Throws<NeuralDataFormatException>(() => MatFile.Read(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void RandomlyCorruptedFiles_EitherReadOrRaiseTheFormatError()
    {
        // Robustness: flipped bytes anywhere (header, tags, sizes, compressed stream) and cuts at every kind of offset
        // must never escape as another exception type, read out of bounds, or hang.
        byte[] compressed = File.ReadAllBytes(SharedDataPaths.Data("zhang_desimone_IT/raster_mat/bp1001spk_04A_raster_data.mat"));
        byte[] plain = SampleFile(bigEndian: false);
        var rng = new Random(42);
        int failures = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] source = trial % 2 == 0 ? compressed : plain;
            byte[] bytes = (byte[])source.Clone();
            int flips = 1 + rng.Next(4);
            for (int f = 0; f < flips; f++)
            {
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            }

            if (trial % 3 == 0)
            {
                bytes = bytes[..(128 + rng.Next(bytes.Length - 128))];
            }

            try
            {
                MatFileReader.Read(bytes, $"fuzz{trial}.mat");
            }
            catch (NeuralDataFormatException)
            {
                failures++;
            }
        }

        Assert.True(failures > 0, "no corruption was detected at all");
    }

    [Fact]
    public void MissingVariable_ListsThoseAvailable()
    {
        MatFile file = MatFile.Read(Write("ok.mat", SampleFile(false)));
        var e = Assert.Throws<KeyNotFoundException>(() => file["nope"]);
        Assert.Contains("x", e.Message, StringComparison.Ordinal);
    }
}
