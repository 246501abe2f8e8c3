namespace BioVision.Rsa.Io;

/// <summary>Safety limits for reading MAT-files, so that a malformed file cannot exhaust memory or loop.</summary>
public sealed record MatReadOptions
{
    /// <summary>Default limits.</summary>
    public static MatReadOptions Default { get; } = new();

    /// <summary>Largest file read into memory (default 1 GiB).</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>Largest inflated size of one compressed element (default 1 GiB).</summary>
    public long MaxDecompressedBytes { get; init; } = 1L << 30;

    /// <summary>Deepest nesting of cells/structs (default 64).</summary>
    public int MaxDepth { get; init; } = 64;
}
