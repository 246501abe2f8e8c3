using BioVision.Robustness.Evaluation;
using BioVision.Robustness;
using Xunit;

namespace BioVision.Tests.Robustness;

public sealed class ReportVerdictTests
{
    private static RobustnessReport Report(params SanityCheck[] checks) => new(
        "m", "d", 4, 10, false, RobustAccuracy.FromCounts([1, 1, 0, 1], null, 1), [], [], [], null, checks,
        new RobustnessOptions { Checks = checks.Length > 0 });

    [Fact]
    public void A_report_without_checks_says_no_check_ran_and_never_that_checks_passed()
    {
        var report = Report();
        Assert.False(report.ChecksRan);
        Assert.False(report.AnyCheckFailed);
        Assert.False(report.AllChecksPassed);
        foreach (string text in new[] { report.ToString(), report.ToMarkdown() })
        {
            Assert.DoesNotContain("checks passed", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("No sanity check ran", text, StringComparison.Ordinal);
        }

        // The flags survive the JSON round trip (they are derived from the checklist).
        var back = RobustnessReport.FromJson(report.ToJson());
        Assert.False(back.ChecksRan);
        Assert.Contains("No sanity check ran", back.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_checks_are_not_counted_as_run_and_failures_win()
    {
        var skipped = Report(new SanityCheck("control", CheckStatus.Skipped, "no control"));
        Assert.False(skipped.ChecksRan);
        Assert.Contains("all 1 were skipped", skipped.ToString(), StringComparison.Ordinal);

        var mixed = Report(new SanityCheck("a", CheckStatus.Passed, ""), new SanityCheck("control", CheckStatus.Skipped, "no control"));
        Assert.True(mixed.AllChecksPassed);
        Assert.Contains("All checks that ran passed (1 skipped).", mixed.ToMarkdown(), StringComparison.Ordinal);

        var passed = Report(new SanityCheck("a", CheckStatus.Passed, ""));
        Assert.Contains("All checks passed.", passed.ToString(), StringComparison.Ordinal);

        var failed = Report(new SanityCheck("a", CheckStatus.Passed, ""), new SanityCheck("b", CheckStatus.Failed, "x"));
        Assert.True(failed.AnyCheckFailed);
        Assert.False(failed.AllChecksPassed);
        Assert.Contains("SOME CHECKS FAILED", failed.ToString(), StringComparison.Ordinal);
    }
}
