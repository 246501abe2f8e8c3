using System.Text.Json.Serialization;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// Why an attack cell ran: part of a requested sweep, or the input of a sanity check. One cell may serve several roles
/// (the primary attack at the standard eps is a sweep point and the base of the convergence checks), so this is a set of
/// flags. JSON writes the reference names (<c>"sweep, convergence base"</c>); reports written before roles were flags
/// (one name) read back unchanged.
/// </summary>
[Flags]
public enum AttackRole
{
    /// <summary>No role (not produced by the evaluator).</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>A point of a requested <see cref="AttackSweep"/>.</summary>
    [JsonStringEnumMemberName("sweep")]
    Sweep = 1,

    /// <summary>Compared with FGSM: an iterative attack must be at least as strong as a single step.</summary>
    [JsonStringEnumMemberName("iterative >= single-step")]
    SingleStepComparison = 2,

    /// <summary>The primary attack at the standard eps, the base the convergence checks compare with.</summary>
    [JsonStringEnumMemberName("convergence base")]
    ConvergenceBase = 4,

    /// <summary>The primary attack with twice the steps.</summary>
    [JsonStringEnumMemberName("2x steps")]
    DoubleSteps = 8,

    /// <summary>The primary attack with more random restarts.</summary>
    [JsonStringEnumMemberName("more restarts")]
    MoreRestarts = 16,

    /// <summary>The primary attack with twice the EOT samples (stochastic models).</summary>
    [JsonStringEnumMemberName("2x EOT")]
    DoubleEot = 32,

    /// <summary>The gradient-free Square attack, which must not beat the white-box attacks.</summary>
    [JsonStringEnumMemberName("gradient-free")]
    GradientFree = 64,

    /// <summary>The primary attack at a large eps, where accuracy must be about 0.</summary>
    [JsonStringEnumMemberName("large eps")]
    LargeEpsilon = 128,

    /// <summary>The primary attack on the undefended control model.</summary>
    [JsonStringEnumMemberName("control")]
    Control = 256,
}

/// <summary>Readable names of <see cref="AttackRole"/> sets.</summary>
public static class AttackRoles
{
    /// <summary>The roles' reference names joined by ", " (<c>"sweep, convergence base"</c>), as JSON writes them.</summary>
    /// <param name="roles">The roles.</param>
    public static string Describe(this AttackRole roles) =>
        // The serialised form is a JSON string literal, whose default encoder escapes '>' as \u003E: read the literal back.
        System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(roles, RobustnessJsonContext.Default.AttackRole)).RootElement.GetString()!;
}
