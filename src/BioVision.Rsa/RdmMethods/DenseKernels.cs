using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BioVision.Rsa.RdmMethods;

/// <summary>Vectorised, parallel dense kernels (dot products and Gram matrices) over row-major arrays.</summary>
internal static class DenseKernels
{
    /// <summary>Dot product of two equal-length spans with four SIMD accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>y ← y + a·x over equal-length spans (SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(a);
            for (int k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
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
            if (Vector.IsHardwareAccelerated && cols % Vector<double>.Count == 0 && cols >= 4 * Vector<double>.Count)
            {
                // 4 × 4 register tiles (8 vector loads per 16 multiply-adds), over chunks of the columns so that the
                // block's rows stay in cache while every tile of the block reads them; rows and columns left over at
                // the edges of the matrix by plain dot products.
                int i0 = bi * Block, j0 = bj * Block;
                int iT = i0 + ((i1 - i0) / 4 * 4), jT = j0 + ((j1 - j0) / 4 * 4);
                for (int k0 = 0; k0 < cols; k0 += KChunk)
                {
                    int len = Math.Min(KChunk, cols - k0);
                    for (int i = i0; i < iT; i += 4)
                    {
                        for (int j = j0; j < jT; j += 4)
                        {
                            Tile4x4(a, b, cols, i, j, g, rowsB, k0, len);
                        }
                    }
                }

                for (int i = i0; i < i1; i++)
                {
                    var ra = a.AsSpan(i * cols, cols);
                    for (int j = i < iT ? jT : j0; j < j1; j++)
                    {
                        g[(i * rowsB) + j] = Dot(ra, b.AsSpan(j * cols, cols));
                    }
                }

                if (symmetric)
                {
                    for (int i = i0; i < i1; i++)
                    {
                        for (int j = j0; j < j1; j++)
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

    /// <summary>Columns per cache chunk of the blocked Gram kernel (a multiple of every vector width).</summary>
    private const int KChunk = 256;

    /// <summary>Adds the 4 × 4 tile of A Bᵀ over columns [k0, k0 + len) to <paramref name="g"/>.</summary>
    /// <remarks>Fully optimised from the first call, so short runs do not time tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x4(double[] a, double[] b, int cols, int i, int j, double[] g, int rowsB, int k0, int len)
    {
        var a0 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan((i * cols) + k0, len));
        var a1 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(((i + 1) * cols) + k0, len));
        var a2 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(((i + 2) * cols) + k0, len));
        var a3 = MemoryMarshal.Cast<double, Vector<double>>(a.AsSpan(((i + 3) * cols) + k0, len));
        var b0 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan((j * cols) + k0, len));
        var b1 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan(((j + 1) * cols) + k0, len));
        var b2 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan(((j + 2) * cols) + k0, len));
        var b3 = MemoryMarshal.Cast<double, Vector<double>>(b.AsSpan(((j + 3) * cols) + k0, len));
        Vector<double> s00 = Vector<double>.Zero, s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        Vector<double> s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int k = 0; k < a0.Length; k++)
        {
            var x0 = b0[k];
            var x1 = b1[k];
            var x2 = b2[k];
            var x3 = b3[k];
            var y = a0[k];
            s00 += y * x0;
            s01 += y * x1;
            s02 += y * x2;
            s03 += y * x3;
            y = a1[k];
            s10 += y * x0;
            s11 += y * x1;
            s12 += y * x2;
            s13 += y * x3;
            y = a2[k];
            s20 += y * x0;
            s21 += y * x1;
            s22 += y * x2;
            s23 += y * x3;
            y = a3[k];
            s30 += y * x0;
            s31 += y * x1;
            s32 += y * x2;
            s33 += y * x3;
        }

        int r0 = i * rowsB, r1 = r0 + rowsB, r2 = r1 + rowsB, r3 = r2 + rowsB;
        g[r0 + j] += Vector.Sum(s00);
        g[r0 + j + 1] += Vector.Sum(s01);
        g[r0 + j + 2] += Vector.Sum(s02);
        g[r0 + j + 3] += Vector.Sum(s03);
        g[r1 + j] += Vector.Sum(s10);
        g[r1 + j + 1] += Vector.Sum(s11);
        g[r1 + j + 2] += Vector.Sum(s12);
        g[r1 + j + 3] += Vector.Sum(s13);
        g[r2 + j] += Vector.Sum(s20);
        g[r2 + j + 1] += Vector.Sum(s21);
        g[r2 + j + 2] += Vector.Sum(s22);
        g[r2 + j + 3] += Vector.Sum(s23);
        g[r3 + j] += Vector.Sum(s30);
        g[r3 + j + 1] += Vector.Sum(s31);
        g[r3 + j + 2] += Vector.Sum(s32);
        g[r3 + j + 3] += Vector.Sum(s33);
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
        var diag = new double[n];
        for (int i = 0; i < n; i++)
        {
            diag[i] = k[(i * n) + i];
        }

        // Square tiles, so that reading Kⱼᵢ (down a column) stays within cache lines and pages already loaded; a
        // plain row loop would touch a new page for every pair.
        const int Tile = 64;
        int tiles = (n + Tile - 1) / Tile;
        Parallel.For(0, tiles, bi =>
        {
            int i0 = bi * Tile, i1 = Math.Min(n, i0 + Tile);
            for (int bj = bi; bj < tiles; bj++)
            {
                int j1 = Math.Min(n, (bj + 1) * Tile);
                for (int i = i0; i < i1; i++)
                {
                    double kii = diag[i];
                    long offset = ((long)i * n) - ((long)i * (i + 1) / 2) - i - 1;
                    for (int j = Math.Max(i + 1, bj * Tile); j < j1; j++)
                    {
                        v[offset + j] = (kii + diag[j] - k[(i * n) + j] - k[(j * n) + i]) / scale;
                    }
                }
            }
        });

        return v;
    }
}
