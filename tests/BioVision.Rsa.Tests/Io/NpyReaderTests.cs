using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BioVision.Rsa.Io;
using Xunit;

namespace BioVision.Rsa.Tests.Io;

/// <summary>.npy/.npz reading on the real Cowley, Allen and Zhang–Desimone files and on hand-written files.</summary>
public sealed class NpyReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A .npy file per the format spec, header padded so that data starts on a 64-byte boundary.</summary>
    private static byte[] Npy(string descr, bool fortran, int[] shape, byte[] data, int major = 1)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.Add((byte)major);
        bytes.Add(0);
        if (major == 1)
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        }
        else
        {
            bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Doubles(params double[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    [Fact]
    public void CowleyRawResponses_HaveNaNPaddedRepeatsWhoseMeanIsTheRepeatAveragedFile()
    {
        NpyArray raw = NpyReader.Read(SharedDataPaths.Data("cowley2023_V4/responses_raw/responses_210325.npy"));
        NpyArray averaged = NpyReader.Read(SharedDataPaths.Data("cowley2023_V4/responses_repeat_averaged/responses_210325.npy"));
        Assert.Equal("<f8", raw.DType);
        Assert.Equal([50, 640, 10], raw.Shape);
        Assert.Equal([50, 640], averaged.Shape);
        int nan = 0;
        for (int n = 0; n < 50; n++)
        {
            for (int i = 0; i < 640; i++)
            {
                double sum = 0;
                int count = 0;
                bool seenNaN = false;
                for (int r = 0; r < 10; r++)
                {
                    double v = raw.At(n, i, r);
                    if (double.IsNaN(v))
                    {
                        seenNaN = true;
                        nan++;
                    }
                    else
                    {
                        Assert.False(seenNaN, "NaN padding must be trailing");
                        sum += v;
                        count++;
                    }
                }

                // Law: the repeat-averaged file is the NaN-ignoring mean of the raw repeats (1e-12: summation order).
                Assert.Equal(averaged.At(n, i), sum / count, 1e-12);
            }
        }

        Assert.True(nan > 0, "the raw file should carry NaN padding");
    }

    [Fact]
    public void AllenMouseV1_ShapesAndTrainScenesAreRowsOfTheSceneTable()
    {
        string dir = SharedDataPaths.Data("allen_mouseV1_psailamul");
        NpyArray scenes = NpyReader.Read(Path.Combine(dir, "all_input_scenes_118_961.npy"));
        NpyArray trainIn = NpyReader.Read(Path.Combine(dir, "Allen_train_input.npy"));
        NpyArray trainOut = NpyReader.Read(Path.Combine(dir, "Allen_train_output.npy"));
        NpyArray testOut = NpyReader.Read(Path.Combine(dir, "Allen_test_output.npy"));
        Assert.Equal([118, 961], scenes.Shape);
        Assert.Equal([100, 961], trainIn.Shape);
        Assert.Equal([100, 212], trainOut.Shape);
        Assert.Equal([18, 212], testOut.Shape);
        Assert.All(scenes.ToArray(), v => Assert.InRange(v, 0, 255));
        double[,] s = scenes.ToMatrix();
        double[,] t = trainIn.ToMatrix();
        bool IsScene(int row) => Enumerable.Range(0, 118).Any(k => Enumerable.Range(0, 961).All(c => s[k, c] == t[row, c]));
        Assert.True(IsScene(0) && IsScene(99));
    }

    [Fact]
    public void ZhangDesimoneNpz_EqualsItsCsvTwin()
    {
        IReadOnlyDictionary<string, NpyArray> npz = NpyReader.ReadNpz(SharedDataPaths.Data("zhang_desimone_IT/derived/zd_counts.npz"));
        NpyArray counts = npz["counts"];
        Assert.Equal([21, 19, 132], counts.Shape);
        Assert.True(npz["conditions"].IsText);
        Assert.Equal(21, npz["conditions"].Strings.Count);
        Assert.Equal(npz["conditions"].Strings.Order(StringComparer.Ordinal), npz["conditions"].Strings);

        CsvTable csv = CsvNumericReader.Read(SharedDataPaths.Data("zhang_desimone_IT/derived/zd_counts.csv"));
        Assert.Equal(21 * 19, csv.Rows);
        Assert.Equal(npz["neurons"].Strings, csv.ColumnNames.Skip(1).ToArray());
        string[] condition = csv.TextColumns["condition"];
        double[] rep = csv.Column("rep");
        for (int row = 0; row < csv.Rows; row++)
        {
            int c = row / 19, r = row % 19;
            Assert.Equal(npz["conditions"].Strings[c], condition[row]);
            Assert.Equal(r, rep[row]);
            for (int u = 0; u < 132; u++)
            {
                Assert.Equal(counts.At(c, r, u), csv[row, u + 1]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void HeaderVersions_AllRead(int major)
    {
        NpyArray a = NpyReader.Read(Write($"v{major}.npy", Npy("<f8", false, [2, 2], Doubles(1, 2, 3, 4), major)));
        Assert.Equal([1.0, 2, 3, 4], a.ToArray());
    }

    [Fact]
    public void FortranOrder_IsReturnedInRowMajorOrder()
    {
        // [[1 2 3] [4 5 6]] in Fortran order is 1 4 2 5 3 6.
        NpyArray a = NpyReader.Read(Write("f.npy", Npy("<f8", true, [2, 3], Doubles(1, 4, 2, 5, 3, 6))));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], a.ToArray());
        Assert.Equal(6.0, a.At(1, 2));
    }

    [Fact]
    public void IntegerBooleanFloatAndBigEndianDtypes_Decode()
    {
        var i4 = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(i4, -5);
        BinaryPrimitives.WriteInt32BigEndian(i4.AsSpan(4), 70000);
        Assert.Equal([-5.0, 70000], NpyReader.Read(Write("i4.npy", Npy(">i4", false, [2], i4))).ToArray());
        Assert.Equal([0.0, 1, 1], NpyReader.Read(Write("b1.npy", Npy("|b1", false, [3], [0, 1, 2]))).ToArray());
        Assert.Equal([255.0, 7], NpyReader.Read(Write("u1.npy", Npy("|u1", false, [2], [255, 7]))).ToArray());
        Assert.Equal([-1.0, long.MaxValue], NpyReader.Read(Write("i8.npy", Npy("<i8", false, [2], [.. BitConverter.GetBytes(-1L), .. BitConverter.GetBytes(long.MaxValue)]))).ToArray());
        Assert.Equal([0.25f, -3f], NpyReader.Read(Write("f4.npy", Npy("<f4", false, [2], [.. BitConverter.GetBytes(0.25f), .. BitConverter.GetBytes(-3f)]))).ToSingleArray());
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void Npz_StoredOrDeflated_Reads(CompressionLevel level)
    {
        string path = Path.Combine(_dir, $"a{level}.npz");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, values) in new[] { ("x", new double[] { 1, 2, 3 }), ("y", new double[] { 4, 5 }) })
            {
                using Stream s = zip.CreateEntry(name + ".npy", level).Open();
                s.Write(Npy("<f8", false, [values.Length], Doubles(values)));
            }
        }

        IReadOnlyDictionary<string, NpyArray> npz = NpyReader.ReadNpz(path);
        Assert.Equal([1.0, 2, 3], npz["x"].ToArray());
        Assert.Equal([4.0, 5], npz["y"].ToArray());
    }

    [Fact]
    public void TruncatedRealFile_IsRejectedNamingTheFile()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("cowley2023_V4/responses_repeat_averaged/responses_210325.npy"));
        string path = Write("cut.npy", all[..(all.Length / 2)]);
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlippedMagic_IsRejected()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("allen_mouseV1_psailamul/Allen_test_output.npy"));
        all[1] = (byte)'X';
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.Read(Write("magic.npy", all)));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<c16")]
    [InlineData("|O")]
    [InlineData("<f3")]
    public void UnsupportedDtype_IsRejected(string dtype)
    {
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.Read(Write("bad.npy", Npy(dtype, false, [1], new byte[16]))));
        Assert.Contains(dtype, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeAboveTheSizeLimit_IsRejectedBeforeAllocating()
    {
        var e = Assert.Throws<NeuralDataFormatException>(() => NpyReader.Read(Write("huge.npy", Npy("<f8", false, [100000, 100000], Doubles(1)))));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomlyCorruptedNpy_EitherReadsOrRaisesTheFormatError()
    {
        byte[] source = Npy("<f8", true, [3, 4], Doubles(Enumerable.Range(0, 12).Select(v => (double)v).ToArray()));
        var rng = new Random(7);
        int failures = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bytes = (byte[])source.Clone();
            for (int f = 0; f < 1 + rng.Next(3); f++)
            {
                // Mostly hit the header, where the parsing is.
                int at = rng.Next(3) == 0 ? rng.Next(bytes.Length) : rng.Next(Math.Min(bytes.Length, 80));
                bytes[at] = (byte)rng.Next(32, 128);
            }

            if (trial % 4 == 0)
            {
                bytes = bytes[..rng.Next(bytes.Length)];
            }

            try
            {
                NpyReader.Parse(bytes, $"fuzz{trial}.npy", "fuzz");
            }
            catch (NeuralDataFormatException)
            {
                failures++;
            }
        }

        Assert.True(failures > 0, "no corruption was detected at all");
    }

    [Fact]
    public void TruncatedNpz_IsRejected()
    {
        byte[] all = File.ReadAllBytes(SharedDataPaths.Data("zhang_desimone_IT/derived/zd_counts.npz"));
        string path = Write("cut.npz", all[..(all.Length / 2)]);
        Assert.Throws<NeuralDataFormatException>(() => NpyReader.ReadNpz(path));
    }
}
