using BioVision.Rsa.RdmMethods;

namespace BioVision.Rsa.Tests;

/// <summary>String condition labels: numbered in order of first appearance (rsatoolbox's order), names kept.</summary>
public class DatasetLabelTests
{
    private static readonly double[] Values = [1, 0, 5, 5, 2, 1, 0, 0, 6, 4, 1, 1];

    [Fact]
    public void LabelsAreNumberedInOrderOfFirstAppearance()
    {
        // Rows: zebra, apple, zebra, mango, apple, mango (2 channels).
        var d = Dataset.FromLabels(Values, 6, 2, ["zebra", "apple", "zebra", "mango", "apple", "mango"]);
        Assert.Equal([0, 1, 0, 2, 1, 2], d.Conditions);
        Assert.Equal(["zebra", "apple", "mango"], d.ConditionNames!);
        Assert.Equal(["zebra", "apple", "zebra", "mango", "apple", "mango"], d.ConditionLabels!);

        // Condition means (hence RDM rows) follow that order: zebra = mean of rows 0 and 2.
        var means = d.ConditionMeans();
        Assert.Equal([1.5, 0.5, 5.5, 4.5, 0.5, 0.5], means);
        var rdm = RdmCalculator.Calculate(d, new RdmOptions { Method = RdmMethod.Euclidean });
        Assert.Equal(3, rdm.Conditions);
    }

    [Fact]
    public void SubsetKeepsTheNamesOfRemainingConditions()
    {
        var d = Dataset.FromLabels(Values, 6, 2, ["zebra", "apple", "zebra", "mango", "apple", "mango"]);
        var noApple = d.SubsetObservations(i => i is not (1 or 4));
        Assert.Equal(["zebra", "mango"], noApple.ConditionNames!);
        Assert.Equal(["zebra", "zebra", "mango", "mango"], noApple.ConditionLabels!);
    }

    [Fact]
    public void BadLabelsAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Dataset.FromLabels(Values, 6, 2, ["a", "b"]));
        Assert.Contains("2 condition labels for 6 observations", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Dataset.FromLabels(Values, 6, 2, ["a", "b", null!, "a", "b", "c"]));
    }
}
