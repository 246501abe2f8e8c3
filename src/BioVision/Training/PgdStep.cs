using System.Globalization;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Projected gradient descent in an L-infinity ball (Madry et al. 2018): a uniform random start in the ball, then
/// <see cref="Steps"/> signed-gradient ascent steps of size <see cref="StepSize"/> on the cross-entropy, each projected
/// back onto the ball and the valid pixel range. With one step and step size 1.25 eps it is "FGSM with random start"
/// (Wong, Rice and Kolter 2020); see <see cref="FgsmRandomStart"/>.
/// </summary>
public sealed record PgdStep : IAdversarialTrainingStep
{
    /// <summary>Radius of the L-infinity ball. Default 8/255.</summary>
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <summary>Size of each ascent step. Default 2/255.</summary>
    public double StepSize { get; init; } = 2.0 / 255;

    /// <summary>Number of ascent steps. Default 7.</summary>
    public int Steps { get; init; } = 7;

    /// <summary>Whether to start at a uniformly random point of the ball. Default true.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>Smallest valid pixel value. Default 0.</summary>
    public double Minimum { get; init; }

    /// <summary>Largest valid pixel value. Default 1.</summary>
    public double Maximum { get; init; } = 1;

    /// <inheritdoc />
    public string Description => string.Create(CultureInfo.InvariantCulture, $"PGD eps={Epsilon:G4} step={StepSize:G4} steps={Steps}{(RandomStart ? " random start" : "")}");

    /// <summary>FGSM with random start (Wong, Rice and Kolter 2020): one step of 1.25 eps from a random point.</summary>
    /// <param name="epsilon">Radius of the L-infinity ball.</param>
    public static PgdStep FgsmRandomStart(double epsilon) => new() { Epsilon = epsilon, StepSize = 1.25 * epsilon, Steps = 1, RandomStart = true };

    /// <summary>The attack this step runs: the library's <see cref="Robustness.Attacks.Pgd"/> (Linf, last iterate, one draw).</summary>
    public Robustness.Attacks.Pgd Attack => new()
    {
        Norm = Robustness.ThreatNorm.Linf,
        Epsilon = Epsilon,
        Steps = Steps,
        RelativeStepSize = Epsilon > 0 ? StepSize / Epsilon : 1,
        RandomStart = RandomStart,
        Iterate = Robustness.Attacks.PgdIterate.Last,
        Minimum = Minimum,
        Maximum = Maximum,
    };

    /// <inheritdoc />
    public Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        return Attack.Perturb(new Robustness.Attacks.AttackModel(model), images, labels);
    }
}
