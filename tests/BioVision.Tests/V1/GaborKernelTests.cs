using Xunit;
using BioVision.V1;

namespace BioVision.Tests.V1;

/// <summary>Gabor kernels against vonenet/gabor_kernels.json (dicarlolab/vonenet 3c3a0b2, float32 outputs).</summary>
public class GaborKernelTests
{
    // The reference kernels are float32 computed in float32 arithmetic; they differ from a float64 evaluation by up to
    // 7e-9 (recorded in the file). Ours are float64 rounded once: allow 2e-8 absolute plus 1e-6 relative.
    private const double Abs = 2e-8;
    private const double Rel = 1e-6;

    [Fact]
    public void AllCasesMatchReference()
    {
        var json = ReferenceData.Load("vonenet/gabor_kernels.json");
        int cases = 0;
        foreach (var c in json.GetProperty("cases").EnumerateArray())
        {
            int ks = c.GetProperty("ks").GetInt32();
            float[] k = GaborKernel.Evaluate(c.GetProperty("frequency").GetDouble(), c.GetProperty("sigma_x").GetDouble(),
                c.GetProperty("sigma_y").GetDouble(), c.GetProperty("theta").GetDouble(), c.GetProperty("offset").GetDouble(), ks);
            var expected = c.GetProperty("kernel_float32").Matrix();
            for (int r = 0; r < ks; r++)
            {
                for (int col = 0; col < ks; col++)
                {
                    ReferenceData.Close(expected[r, col], k[(r * ks) + col], Rel, Abs, $"{c.GetProperty("name").GetString()}[{r},{col}]");
                }
            }

            ReferenceData.Close(c.GetProperty("sum").GetDouble(), k.Sum(v => (double)v), 1e-5, 1e-7, "sum");
            ReferenceData.Close(c.GetProperty("center_value").GetDouble(), k[(ks / 2 * ks) + (ks / 2)], Rel, Abs, "centre");
            cases++;
        }

        Assert.Equal(7, cases);
    }

    [Fact]
    public void QuadraturePartnerMatchesReference()
    {
        var json = ReferenceData.Load("vonenet/gabor_kernels.json");
        var c = json.GetProperty("cases")[1];
        var q = json.GetProperty("quadrature_partner_of_case_1");
        float[] k = GaborKernel.Evaluate(c.GetProperty("frequency").GetDouble(), c.GetProperty("sigma_x").GetDouble(),
            c.GetProperty("sigma_y").GetDouble(), c.GetProperty("theta").GetDouble(), q.GetProperty("offset").GetDouble(), 25);
        var expected = q.GetProperty("kernel_float32").Matrix();
        for (int r = 0; r < 25; r++)
        {
            for (int col = 0; col < 25; col++)
            {
                ReferenceData.Close(expected[r, col], k[(r * 25) + col], Rel, Abs, $"q1[{r},{col}]");
            }
        }
    }

    [Fact]
    public void XIsTheRowOffset()
    {
        // theta = 0: the carrier varies along rows (x = row offset), so every row is constant across columns
        // when sigma_y is huge.
        float[] k = GaborKernel.Evaluate(0.1, 3, 1e6, 0, 0, 9);
        for (int r = 0; r < 9; r++)
        {
            Assert.Equal(k[r * 9], k[(r * 9) + 8], 6);
        }

        Assert.NotEqual(k[0], k[4 * 9]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    public void EvenSizesAreCentredAndPointSymmetricForCosinePhase(int ks)
    {
        // Law: with phase 0 the Gabor is even, g(-x, -y) = g(x, y), on the half-integer grid too.
        float[] k = GaborKernel.Evaluate(0.13, 2.5, 3.5, 0.7, 0, ks);
        Assert.Equal(ks * ks, k.Length);
        for (int r = 0; r < ks; r++)
        {
            for (int c = 0; c < ks; c++)
            {
                Assert.Equal(k[(r * ks) + c], k[((ks - 1 - r) * ks) + (ks - 1 - c)], 7);
            }
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaborKernel.Evaluate(0.1, 0, 1, 0, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaborKernel.Evaluate(0.1, 1, double.NaN, 0, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaborKernel.Evaluate(0.1, 1, 1, 0, 0, 0));
    }
}
