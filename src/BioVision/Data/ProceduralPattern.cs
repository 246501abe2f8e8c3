namespace BioVision.Data;

/// <summary>The ten classes of <see cref="ProceduralDataset"/>.</summary>
public enum ProceduralPattern
{
    /// <summary>A sinusoidal grating with horizontal bars (orientation 0 degrees).</summary>
    Grating0,

    /// <summary>A grating oriented at 45 degrees.</summary>
    Grating45,

    /// <summary>A grating with vertical bars (90 degrees).</summary>
    Grating90,

    /// <summary>A grating oriented at 135 degrees.</summary>
    Grating135,

    /// <summary>A checkerboard (plaid of two orthogonal square waves).</summary>
    Checkerboard,

    /// <summary>Concentric rings around a jittered centre.</summary>
    Rings,

    /// <summary>A filled disk.</summary>
    Disk,

    /// <summary>The outline of a square.</summary>
    SquareOutline,

    /// <summary>A plus-shaped cross.</summary>
    Cross,

    /// <summary>A texture of random dots.</summary>
    Dots,
}
