namespace BioVision.Serialization;

/// <summary>Options of <see cref="StateDictLoader.Load"/>.</summary>
public sealed record StateDictLoadOptions
{
    /// <summary>
    /// True (default): any missing, unexpected or mis-shaped key is an error and nothing is loaded. False: load every key
    /// that matches by name and shape and report the rest.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>Target keys to leave untouched (neither loaded nor reported missing). Default none.</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>
    /// Source keys known to carry no weights the target needs (for example the adversarially trained VOneResNet50's
    /// <c>vone_block.div_u.weight</c>); they are reported as ignored instead of unexpected. Default none.
    /// </summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];
}
