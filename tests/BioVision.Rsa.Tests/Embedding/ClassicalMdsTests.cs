using BioVision.Rsa.Embedding;
using Xunit;

namespace BioVision.Rsa.Tests.Embedding;

/// <summary>Classical MDS laws: Euclidean 2-D distances are reproduced exactly; bad matrices are rejected.</summary>
public class ClassicalMdsTests
{
    [Fact]
    public void PlanarPointDistances_AreReproducedByTheEmbedding()
    {
        var rng = new Random(5);
        int n = 12;
        var points = new (double X, double Y)[n];
        for (int i = 0; i < n; i++)
        {
            points[i] = ((rng.NextDouble() * 10) - 5, (rng.NextDouble() * 3) - 1);
        }

        var d = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                d[i, j] = Math.Sqrt(Math.Pow(points[i].X - points[j].X, 2) + Math.Pow(points[i].Y - points[j].Y, 2));
            }
        }

        double[,] e = ClassicalMds.Embed(d);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double embedded = Math.Sqrt(Math.Pow(e[i, 0] - e[j, 0], 2) + Math.Pow(e[i, 1] - e[j, 1], 2));
                Assert.Equal(d[i, j], embedded, 1e-9);
            }
        }
    }

    [Fact]
    public void AsymmetricOrNegativeMatrices_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[,] { { 0, 1 }, { 2, 0 } }));
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[,] { { 0, -1 }, { -1, 0 } }));
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[,] { { 1, 1 }, { 1, 0 } }));
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[2, 3]));
    }
}
