using BioVision.Cli.Commands;
using Xunit;

namespace BioVision.Cli.Tests.Commands;

/// <summary>Smoke test of <c>bench rsa</c> at reduced sizes: every row is printed with its reference figure and ratio.</summary>
public class BenchRsaCommandTests
{
    [Fact]
    public void QuickRunPrintsEveryRowWithReferenceAndRatio()
    {
        using var output = new StringWriter();
        BenchRsaCommand.Run(quick: true, repeats: 1, output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("rsatoolbox s", StringComparison.Ordinal));
        var rows = lines.Where(l => l.TrimEnd().EndsWith('x')).ToArray();
        Assert.Equal(7, rows.Length);
        Assert.Contains(rows, r => r.Contains("12.200", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("tau-a", StringComparison.Ordinal));
    }

    [Fact]
    public void CommandIsNamedRsaForTheBenchGroup() => Assert.Equal("rsa", BenchRsaCommand.Create().Name);
}
