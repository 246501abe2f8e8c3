using System.Globalization;

namespace BioVision.Robustness;

/// <summary>
/// Accuracy of a possibly stochastic model on a set of images, scored over <see cref="Draws"/> fresh noise draws per
/// image (Dapello et al. and ART score one draw, an unbiased but noisy estimate of <see cref="Expected"/>).
/// </summary>
/// <param name="Expected">Expected accuracy: mean over images and draws of 1[prediction = label] (the primary metric).</param>
/// <param name="Lower">Lower end of the 95 % Wilson interval of <see cref="Expected"/> with the number of images as n.
/// Conservative: per-image accuracies lie in [0, 1], so their mean has variance at most p(1 − p)/n.</param>
/// <param name="Upper">Upper end of that interval.</param>
/// <param name="MajorityVote">Accuracy of the plurality vote over the draws (a different, smoothed classifier).</param>
/// <param name="WorstCase">Fraction of images classified correctly in every draw.</param>
/// <param name="Draws">Noise draws per image (1 for a deterministic model, where all draws agree).</param>
/// <param name="Images">Number of images.</param>
public sealed record RobustAccuracy(double Expected, double Lower, double Upper, double MajorityVote, double WorstCase, int Draws, int Images)
{
    /// <summary>Summarises per-image counts of correct draws.</summary>
    /// <param name="correct">Correct draws per image (each in [0, draws]).</param>
    /// <param name="pluralityCorrect">Whether each image's most frequent prediction is its label; null: more than half correct.</param>
    /// <param name="draws">Draws per image.</param>
    /// <exception cref="ArgumentException">No images, draws below 1, or counts out of range.</exception>
    public static RobustAccuracy FromCounts(IReadOnlyList<int> correct, IReadOnlyList<bool>? pluralityCorrect, int draws)
    {
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        if (correct.Count == 0)
        {
            throw new ArgumentException("Accuracy needs at least one image.", nameof(correct));
        }

        if (correct.Any(c => c < 0 || c > draws))
        {
            throw new ArgumentException($"Correct-draw counts must lie in [0, {draws}].", nameof(correct));
        }

        int n = correct.Count;
        double expected = correct.Sum(c => (double)c) / ((double)n * draws);
        double majority = pluralityCorrect is null ? correct.Count(c => 2 * c > draws) / (double)n : pluralityCorrect.Count(b => b) / (double)n;
        double worst = correct.Count(c => c == draws) / (double)n;
        var (lower, upper) = Wilson(expected, n);
        return new RobustAccuracy(expected, lower, upper, majority, worst, draws, n);
    }

    /// <summary>
    /// The 95 % Wilson score interval of a proportion <paramref name="p"/> observed over <paramref name="n"/> trials
    /// (z = 1.959964). Edge cases: p = 0 gives [0, z²/(n + z²)], p = 1 gives [n/(n + z²), 1].
    /// </summary>
    /// <param name="p">Observed proportion in [0, 1].</param>
    /// <param name="n">Number of trials, at least 1.</param>
    public static (double Lower, double Upper) Wilson(double p, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        const double z = 1.959963984540054;
        double z2 = z * z;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Expected:P1} [{Lower:P1}, {Upper:P1}] vote {MajorityVote:P1} worst {WorstCase:P1} ({Images} images x {Draws} draws)");
}
