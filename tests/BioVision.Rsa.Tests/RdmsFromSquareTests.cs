using BioVision.Rsa.Io;

namespace BioVision.Rsa.Tests;

/// <summary>Square RDMs in: symmetry tolerance, upper-triangle reading, stacks of subjects × n × n in one call.</summary>
public class RdmsFromSquareTests
{
    [Fact]
    public void RoundingLevelAsymmetryIsAcceptedAndTheUpperTriangleRead()
    {
        var m = new double[,] { { 0, 0.3, 0.7 }, { 0.3 * (1 + 2e-16), 0, 0.5 }, { 0.7, 0.5 - 1e-17, 0 } };
        var r = Rdms.FromSquare(m);
        Assert.Equal([0.3, 0.7, 0.5], r.Vector(0).ToArray());
    }

    [Fact]
    public void RealAsymmetryIsRejectedWithThePosition()
    {
        var m = new double[,] { { 0, 0.3, 0.7 }, { 0.3, 0, 0.5 }, { 0.7, 0.6, 0 } };
        var ex = Assert.Throws<ArgumentException>(() => Rdms.FromSquare(m));
        Assert.Contains("(1, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0.5, Rdms.FromSquare(m, relativeTolerance: double.PositiveInfinity).Vector(0)[2]);
    }

    [Fact]
    public void StackOfSquaresInOneCall()
    {
        // Two 3 × 3 RDMs, row-major [2, 3, 3]: RDM r has d(i, j) = 10 r + i + j.
        var values = new double[18];
        for (int r = 0; r < 2; r++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    values[(((r * 3) + i) * 3) + j] = i == j ? 0 : (10 * r) + i + j;
                }
            }
        }

        var rdms = Rdms.FromSquares(values, [2, 3, 3], "test", new Dictionary<string, IReadOnlyList<string>> { ["subject"] = ["a", "b"] });
        Assert.Equal(2, rdms.Count);
        Assert.Equal([1.0, 2, 3], rdms.Vector(0).ToArray());
        Assert.Equal([11.0, 12, 13], rdms.Vector(1).ToArray());
        Assert.Equal("b", rdms.Descriptor("subject")[1]);
        Assert.Throws<ArgumentException>(() => Rdms.FromSquares(values, [2, 3, 2]));
        Assert.Throws<ArgumentException>(() => Rdms.FromSquares(values, [3, 3, 3]));
    }

    [Fact]
    public void AlgonautsFileReadsAsFifteenSubjectRdms()
    {
        // target_fmri.mat stores RDMs symmetric only up to float64 rounding; an exact check rejected them.
        MatNumericArray it = MatFile.Read(SharedDataPaths.Data("algonauts2019_92/target_fmri.mat")).Numeric("IT_RDMs");
        double worst = 0;
        for (int s = 0; s < 15; s++)
        {
            for (int i = 0; i < 92; i++)
            {
                for (int j = i + 1; j < 92; j++)
                {
                    double a = it.At(s, i, j), b = it.At(s, j, i);
                    worst = Math.Max(worst, Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b)));
                }
            }
        }

        Assert.InRange(worst, 1e-18, 1e-12); // asymmetric, at the rounding level

        var rdms = Rdms.FromSquares(it, "1 - Pearson r");
        Assert.Equal(15, rdms.Count);
        Assert.Equal(92, rdms.Conditions);
        Assert.Equal(it.At(3, 0, 1), rdms.Vector(3)[0]);
        Assert.Equal(it.At(14, 90, 91), rdms.Vector(14)[^1]);
        Assert.Equal(it.At(7, 5, 40), rdms.Vector(7)[CondensedIndex.Of(5, 40, 92)]);
    }
}
