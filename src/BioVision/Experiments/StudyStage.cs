namespace BioVision.Experiments;

/// <summary>A stage of the reproduction study, run once per model (variant x seed). Later stages read the trained model.</summary>
public enum StudyStage
{
    /// <summary>Train the model (checkpointed per epoch; resumable).</summary>
    Train,

    /// <summary>Adversarial and common-corruption robustness.</summary>
    Robustness,

    /// <summary>Marques et al. (2021) V1 single-neuron property benchmarks.</summary>
    V1Properties,

    /// <summary>Neural benchmarks on recorded data (V4 predictivity, RSA, CKA; IT RSA).</summary>
    Neural,
}
