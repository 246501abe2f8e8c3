using BioVision.Rsa.Predictivity;

namespace BioVision.Benchmarks.Neural;

/// <summary>Options of <see cref="NeuralBenchmark.Run"/>.</summary>
public sealed record NeuralBenchmarkOptions
{
    /// <summary>Data sets to run. Default all.</summary>
    public NeuralSets Sets { get; init; } = NeuralSets.All;

    /// <summary>Activation extraction (layers, batch size, noise draws, reduction). Default: all layers, 10 draws, 4096 features.</summary>
    public ExtractionOptions Extraction { get; init; } = new();

    /// <summary>RSA comparison and bootstrap. Default: Spearman, 1000 draws.</summary>
    public RsaOptions Rsa { get; init; } = new();

    /// <summary>V4 PLS predictivity. Default Brain-Score's: PLS-25, 10 × 90/10 shuffle splits, seed 1.</summary>
    public PredictivityOptions Pls { get; init; } = new();

    /// <summary>V4 ridge predictivity (also used for mouse V1). Default: ridge with Brain-Score's alpha grid, same splits.</summary>
    public PredictivityOptions Ridge { get; init; } = new() { Regression = RegressionKind.Ridge };

    /// <summary>Use only the first this many images of each V4 session (null, default: all). For quick runs.</summary>
    public int? V4MaxImages { get; init; }

    /// <summary>Random half splits for the V4 split-half ceiling. Default 10.</summary>
    public int CeilingSplits { get; init; } = 10;

    /// <summary>
    /// The data root the recordings are read from (the shared data folder), or null for the default
    /// (<c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout). Checked before any work starts.
    /// </summary>
    public string? DataRoot { get; init; }
}
