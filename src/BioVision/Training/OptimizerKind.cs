namespace BioVision.Training;

/// <summary>The optimisation algorithm.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with (optionally Nesterov) momentum and L2 weight decay.</summary>
    Sgd,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter 2019).</summary>
    AdamW,
}
