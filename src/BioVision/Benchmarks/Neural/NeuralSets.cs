namespace BioVision.Benchmarks.Neural;

/// <summary>The neural data sets a benchmark run covers.</summary>
[Flags]
public enum NeuralSets
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Kriegeskorte 2008 92 images: human IT (4 subjects × 2 sessions) and monkey IT; IT layer chosen on Algonauts IT.</summary>
    It92 = 1,

    /// <summary>Algonauts 2019 IT and EVC (15 subjects); layers chosen on the Kriegeskorte human IT and EVC RDMs.</summary>
    Algonauts = 2,

    /// <summary>Cowley 2023 V4: layer chosen on session 210224, reported on 190923, 201025, 210225, ceiled by 210325.</summary>
    V4 = 4,

    /// <summary>Allen mouse V1 extract (weak data): layer chosen by cross-validation on the 100 training scenes, reported on the 18 test scenes.</summary>
    Mouse = 8,

    /// <summary>All sets.</summary>
    All = It92 | Algonauts | V4 | Mouse,
}
