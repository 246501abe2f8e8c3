using BioVision.Rsa;
using Xunit;

namespace BioVision.Rsa.Tests;

public sealed class SeededRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-3)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void A_seed_that_fits_an_int_draws_the_stream_new_Random_draws(long seed)
    {
        var a = SeededRandom.Create(seed);
        var b = new Random((int)seed);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(b.NextDouble(), a.NextDouble());
        }
    }

    [Fact]
    public void Wide_seeds_are_folded_into_distinct_reproducible_streams()
    {
        long[] seeds = [1L << 40, (1L << 40) + 1, -(1L << 40), long.MaxValue, long.MinValue, (long)int.MaxValue + 1];
        var firsts = seeds.Select(s => SeededRandom.Create(s).NextDouble()).ToList();
        Assert.Equal(seeds.Length, firsts.Distinct().Count());
        Assert.Equal(firsts, seeds.Select(s => SeededRandom.Create(s).NextDouble()).ToList());
        Assert.Equal(ulong.MaxValue, SeededRandom.ToUInt64(-1));
        Assert.Equal(5UL, SeededRandom.ToUInt64(5));
    }
}
