using BioVision.Rsa.Io;
using Xunit;

namespace BioVision.Rsa.Tests.Io;

/// <summary>Column-major ⇄ row-major reordering: explicit index formula and round trip.</summary>
public class ArrayOrderTests
{
    [Fact]
    public void ThreeDimensionalReorder_FollowsTheIndexFormulas()
    {
        int[] dims = [3, 4, 5];
        double[] column = Enumerable.Range(0, 60).Select(v => (double)v).ToArray();
        double[] row = ArrayOrder.ColumnToRowMajor<double>(column, dims);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                for (int k = 0; k < 5; k++)
                {
                    Assert.Equal(column[i + (3 * j) + (12 * k)], row[(i * 20) + (j * 5) + k]);
                }
            }
        }

        Assert.Equal(column, ArrayOrder.RowToColumnMajor<double>(row, dims));
    }

    [Fact]
    public void V73RowMajorView_AgreesWithSubscripts()
    {
        MatNumericArray it = MatFile.Read(SharedDataPaths.Data("algonauts2019_92/target_fmri.mat")).Numeric("IT_RDMs");
        double[] row = it.ToRowMajor();
        foreach ((int s, int i, int j) in new[] { (0, 0, 1), (3, 17, 60), (14, 91, 2) })
        {
            Assert.Equal(it.At(s, i, j), row[(s * 92 * 92) + (i * 92) + j]);
        }
    }

    [Fact]
    public void WrongLengthOrNegativeDimensions_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => ArrayOrder.ColumnToRowMajor<double>(new double[5], [2, 3]));
        Assert.Throws<ArgumentException>(() => ArrayOrder.ElementCount([2, -1]));
        Assert.Throws<ArgumentException>(() => ArrayOrder.ElementCount([100000, 100000]));
    }
}
