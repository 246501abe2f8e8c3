using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>The formula-defined inputs of vonenet/voneblock_default_nonoise.json.</summary>
internal static class V1Inputs
{
    /// <summary>grating(i, j, c) = a_c sin(2π f (j cos φ + i sin φ)), f = 3/28 c/px, φ = 30°, a = [1, 0.8, 0.6].</summary>
    public static Tensor Grating(int size = 224)
    {
        double f = 3.0 / 28.0, phi = 30.0 / 180.0 * Math.PI;
        double[] a = [1.0, 0.8, 0.6];
        var v = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    v[(((c * size) + i) * size) + j] = (float)(a[c] * Math.Sin(2 * Math.PI * f * ((j * Math.Cos(phi)) + (i * Math.Sin(phi)))));
                }
            }
        }

        return torch.tensor(v, new long[] { 1, 3, size, size });
    }

    /// <summary>edge(i, j, c) = +1 if j ≥ W/2 else −1.</summary>
    public static Tensor Edge(int size = 224)
    {
        var v = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    v[(((c * size) + i) * size) + j] = j >= size / 2 ? 1f : -1f;
                }
            }
        }

        return torch.tensor(v, new long[] { 1, 3, size, size });
    }
}
