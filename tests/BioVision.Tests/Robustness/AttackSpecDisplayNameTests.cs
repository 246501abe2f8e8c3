using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Evaluation;
using Xunit;

namespace BioVision.Tests.Robustness;

/// <summary>The names people read for an attack cell: family, norm, eps as multiples of 1/255, steps, restarts, EOT.</summary>
public sealed class AttackSpecDisplayNameTests
{
    [Theory]
    [InlineData(AttackKind.Pgd, ThreatNorm.Linf, 10, 1, 4, 1.0 / 255, "PGD L-inf eps 1/255, 10 steps, EOT 4")]
    [InlineData(AttackKind.Pgd, ThreatNorm.Linf, 64, 1, 1, 8.0 / 255, "PGD L-inf eps 8/255, 64 steps")]
    [InlineData(AttackKind.Fgsm, ThreatNorm.Linf, 10, 1, 2, 0.25 / 255, "FGSM L-inf eps 0.001, EOT 2")]
    [InlineData(AttackKind.Apgd, ThreatNorm.L2, 100, 2, 1, 0.5, "APGD-CE L2 eps 0.5, 100 iterations, 2 restarts")]
    [InlineData(AttackKind.Square, ThreatNorm.Linf, 1000, 1, 1, 4.0 / 255, "Square L-inf eps 4/255, 1000 queries")]
    public void DisplayName_reads_as_a_sentence(AttackKind kind, ThreatNorm norm, int steps, int restarts, int eot, double eps, string expected)
    {
        var spec = new AttackSpec { Kind = kind, Norm = norm, Steps = steps, Restarts = restarts, EotSamples = eot };
        Assert.Equal(expected, spec.DisplayName(eps));
    }

    [Fact]
    public void DisplayName_names_the_loss_and_is_not_the_key()
    {
        var dlr = new AttackSpec { Kind = AttackKind.Apgd, Loss = AttackLoss.Dlr, Steps = 20, EotSamples = 8 };
        Assert.Equal("APGD-DLR L-inf eps 2/255, 20 iterations, EOT 8", dlr.DisplayName(2.0 / 255));
        Assert.DoesNotContain("|", dlr.DisplayName(2.0 / 255), StringComparison.Ordinal);
        Assert.Contains("|", dlr.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4.0 / 255, ThreatNorm.Linf, "4/255")]
    [InlineData(0.03, ThreatNorm.Linf, "0.03")]
    [InlineData(4.0 / 255, ThreatNorm.L2, "0.0157")]
    [InlineData(0, ThreatNorm.Linf, "0")]
    public void EpsilonText_writes_the_8_bit_grid_as_fractions(double eps, ThreatNorm norm, string expected) =>
        Assert.Equal(expected, AttackSpec.EpsilonText(eps, norm));

    [Fact]
    public void Progress_shows_the_label_when_given_and_the_cell_otherwise()
    {
        Assert.Equal("PGD L-inf eps 1/255, 10 steps", new RobustnessProgress("model|Pgd|Linf|10", 1, 5, "PGD L-inf eps 1/255, 10 steps").Stage);
        Assert.Equal("fog severity 3", new RobustnessProgress("fog severity 3", 1, 5).Stage);
    }

    [Fact]
    public void Role_names_read_as_written_without_JSON_escapes()
    {
        // The encoder escapes '>' inside JSON strings; the names people read must not show "\u003E".
        Assert.Equal("sweep, iterative >= single-step", (AttackRole.Sweep | AttackRole.SingleStepComparison).Describe());
    }
}
