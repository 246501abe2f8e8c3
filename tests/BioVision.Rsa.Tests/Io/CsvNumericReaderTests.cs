using BioVision.Rsa.Io;
using Xunit;

namespace BioVision.Rsa.Tests.Io;

/// <summary>CSV reading: header detection, NaN fields, ragged rows.</summary>
public sealed class CsvNumericReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void HeaderlessNumbers_ReadAsMatrixWithGeneratedNames()
    {
        CsvTable t = CsvNumericReader.Read(Write("1,2.5,-3\n4e2,nan,6\n"));
        Assert.Equal(["c0", "c1", "c2"], t.ColumnNames);
        Assert.Equal(2, t.Rows);
        Assert.Equal(400.0, t[1, 0]);
        Assert.True(double.IsNaN(t[1, 1]));
        Assert.Equal(new double[,] { { 1, 2.5, -3 }, { 400, double.NaN, 6 } }, t.ToMatrix());
    }

    [Fact]
    public void Header_IsDetectedAndNamesColumns()
    {
        CsvTable t = CsvNumericReader.Read(Write("a,b\n1,2\n3,4\n"));
        Assert.Equal(["a", "b"], t.ColumnNames);
        Assert.Equal([2.0, 4], t.Column("b"));
        CsvTable forced = CsvNumericReader.Read(Write("1,2\n3,4\n"), CsvHeaderMode.Present);
        Assert.Equal(["1", "2"], forced.ColumnNames);
    }

    [Fact]
    public void RaggedRows_AreRejected()
    {
        string path = Write("1,2\n3\n");
        var e = Assert.Throws<NeuralDataFormatException>(() => CsvNumericReader.Read(path));
        Assert.Contains("record 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsRejected()
        => Assert.Throws<NeuralDataFormatException>(() => CsvNumericReader.Read(Write(string.Empty)));
}
