using Xunit;

namespace BioVision.Rsa.Tests;

public sealed class CondensedIndexTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(92)]
    public void EnumeratesPairsRowByRowAboveTheDiagonal(int n)
    {
        int expected = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                Assert.Equal(expected, CondensedIndex.Of(i, j, n));
                Assert.Equal(expected, CondensedIndex.Of(j, i, n));
                expected++;
            }
        }

        Assert.Equal(expected, CondensedIndex.PairCount(n));
        Assert.Equal(n, CondensedIndex.ConditionCount(expected));
    }

    [Fact]
    public void The92ImageVectorHas4186Entries() => Assert.Equal(4186, CondensedIndex.PairCount(92));

    [Theory]
    [InlineData(2)]
    [InlineData(4185)]
    public void RejectsLengthsThatAreNotTriangular(int pairs) =>
        Assert.Throws<ArgumentException>(() => CondensedIndex.ConditionCount(pairs));

    [Fact]
    public void RejectsDiagonalAndOutOfRangePairs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CondensedIndex.Of(3, 3, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CondensedIndex.Of(0, 5, 5));
    }
}
