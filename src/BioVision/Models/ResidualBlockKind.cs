namespace BioVision.Models;

/// <summary>Residual block type of a <see cref="ResNet"/>.</summary>
public enum ResidualBlockKind
{
    /// <summary><see cref="BasicBlock"/> (ResNet-18/34).</summary>
    Basic,

    /// <summary><see cref="Bottleneck"/> (ResNet-50/101/152).</summary>
    Bottleneck,
}
