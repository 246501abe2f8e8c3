namespace BioVision.Rsa.Io;

/// <summary>Whether the first CSV record is a header.</summary>
public enum CsvHeaderMode
{
    /// <summary>Header when the first record has a non-numeric field in a column whose second record is numeric, or is entirely non-numeric.</summary>
    Detect,

    /// <summary>The first record is a header.</summary>
    Present,

    /// <summary>There is no header; columns are named c0, c1, ….</summary>
    Absent,
}
