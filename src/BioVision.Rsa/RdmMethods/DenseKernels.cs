using System.Numerics;
using System.Runtime.InteropServices;

namespace BioVision.Rsa.RdmMethods;

/// <summary>Vectorised, parallel dense kernels (dot products and Gram matrices) over row-major arrays.</summary>
internal static class DenseKernels
{
    /// <summary>Dot product of two equal-length spans with four SIMD accumulators.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= 4 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            int v = 0;
            for (; v + 4 <= va.Length; v += 4)
            {
                s0 += va[v] * vb[v];
                s1 += va[v + 1] * vb[v + 1];
                s2 += va[v + 2] * vb[v + 2];
                s3 += va[v + 3] * vb[v + 3];
            }

            for (; v < va.Length; v++)
            {
                s0 += va[v] * vb[v];
            }

            sum = Vector.Sum((s0 + s1) + (s2 + s3));
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// G = A Bᵀ for row-major A (rowsA × cols) and B (rowsB × cols); when <paramref name="symmetric"/> is true
    /// (A == B) only the upper triangle is computed and mirrored.
    /// </summary>
    public static double[] Gram(double[] a, int rowsA, double[] b, int rowsB, int cols, bool symmetric)
    {
        var g = new double[rowsA * rowsB];
        const int Block = 16;
        int blocksA = (rowsA + Block - 1) / Block, blocksB = (rowsB + Block - 1) / Block;
        Parallel.For(0, blocksA * blocksB, t =>
        {
            int bi = t / blocksB, bj = t % blocksB;
            if (symmetric && bj < bi)
            {
                return;
            }

            int i1 = Math.Min(rowsA, (bi + 1) * Block), j1 = Math.Min(rowsB, (bj + 1) * Block);
            if (Vector.IsHardwareAccelerated && cols % Vector<double>.Count == 0 && cols >= 4 * Vector<double>.Count
                && i1 - (bi * Block) == Block && j1 - (bj * Block) == Block)
            {
                // Full block: 4 × 2 register tiles (6 vector loads per 8 multiply-adds).
                for (int i = bi * Block; i < i1; i += 4)
                {
                    for (int j = bj * Block; j < j1; j += 2)
                    {
                        Tile4x2(a, b, cols, i, j, g, rowsB);
                    }
                }

                if (symmetric)
                {
                    for (int i = bi * Block; i < i1; i++)
                    {
                        for (int j = bj * Block; j < j1; j++)
                        {
                            g[(j * rowsB) + i] = g[(i * rowsB) + j];
                        }
                    }
                }

                return;
            }

            for (int i = bi * Block; i < i1; i++)
            {
                var ra = a.AsSpan(i * cols, cols);
                int j0 = symmetric && bi == bj ? i : bj * Block;
                for (int j = j0; j < j1; j++)
                {
                    double d = Dot(ra, b.AsSpan(j * cols, cols));
                    g[(i * rowsB) + j] = d;
                    if (symmetric)
                    {
                        g[(j * rowsB) + i] = d;
                    }
                }
            }
        });
        return g;
    }

    private static void Tile4x2(double[] a, double[] b, int cols, int i, int j, double[] g, int rowsB)
    {
        var a0 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(i * cols, cols));
        var a1 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan((i + 1) * cols, cols));
        var a2 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan((i + 2) * cols, cols));
        var a3 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan((i + 3) * cols, cols));
        var b0 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan(j * cols, cols));
        var b1 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan((j + 1) * cols, cols));
        Vector<double> s00 = Vector<double>.Zero, s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int k = 0; k < a0.Length; k++)
        {
            var x0 = b0[k];
            var x1 = b1[k];
            var y = a0[k];
            s00 += y * x0;
            s01 += y * x1;
            y = a1[k];
            s10 += y * x0;
            s11 += y * x1;
            y = a2[k];
            s20 += y * x0;
            s21 += y * x1;
            y = a3[k];
            s30 += y * x0;
            s31 += y * x1;
        }

        g[(i * rowsB) + j] = Vector.Sum(s00);
        g[(i * rowsB) + j + 1] = Vector.Sum(s01);
        g[((i + 1) * rowsB) + j] = Vector.Sum(s10);
        g[((i + 1) * rowsB) + j + 1] = Vector.Sum(s11);
        g[((i + 2) * rowsB) + j] = Vector.Sum(s20);
        g[((i + 2) * rowsB) + j + 1] = Vector.Sum(s21);
        g[((i + 3) * rowsB) + j] = Vector.Sum(s30);
        g[((i + 3) * rowsB) + j + 1] = Vector.Sum(s31);
    }

    /// <summary>C = A M for row-major A (rows × n) and square M (n × n, row-major).</summary>
    public static double[] MultiplySquare(double[] a, int rows, double[] m, int n)
    {
        var c = new double[rows * n];
        Parallel.For(0, rows, i =>
        {
            var ci = c.AsSpan(i * n, n);
            var ai = a.AsSpan(i * n, n);
            for (int k = 0; k < n; k++)
            {
                double s = ai[k];
                if (s == 0)
                {
                    continue;
                }

                var mk = m.AsSpan(k * n, n);
                for (int j = 0; j < n; j++)
                {
                    ci[j] += s * mk[j];
                }
            }
        });
        return c;
    }

    /// <summary>Condensed vector of Kᵢᵢ + Kⱼⱼ − Kᵢⱼ − Kⱼᵢ for i &lt; j, divided by <paramref name="scale"/>.</summary>
    public static double[] CondensedFromKernel(double[] k, int n, double scale)
    {
        var v = new double[CondensedIndex.PairCount(n)];
        int p = 0;
        for (int i = 0; i < n; i++)
        {
            double kii = k[(i * n) + i];
            for (int j = i + 1; j < n; j++)
            {
                v[p++] = (kii + k[(j * n) + j] - k[(i * n) + j] - k[(j * n) + i]) / scale;
            }
        }

        return v;
    }
}
