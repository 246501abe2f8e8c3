using BioVision.Rsa;
using BioVision.Rsa.RdmMethods;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Bridges network activations (TorchSharp tensors) and the tensor-free <c>BioVision.Rsa</c> types. An activation
/// tensor holds one row per condition (<c>[conditions, ...]</c>; trailing dimensions are flattened into channels).
/// </summary>
/// <remarks>
/// <see cref="ToDataset"/> copies the activations to host memory. <see cref="ComputeRdm"/> computes Euclidean or
/// correlation RDMs on the tensor's own device with one matrix product (Gram matrix), so only the condensed RDM —
/// conditions²/2 values — crosses to the host; large layers never pass through managed arrays. Distances follow
/// <see cref="RdmCalculator"/>'s conventions (squared Euclidean / channels; 1 − Pearson r).
/// </remarks>
public static class ActivationRdm
{
    /// <summary>Copies activations <c>[conditions, ...]</c> into a <see cref="Dataset"/> (one observation per condition).</summary>
    /// <param name="activations">Activations on any device, at least 2-D after the condition axis is counted.</param>
    /// <param name="conditions">Condition label per row, or null for 0, 1, ….</param>
    /// <exception cref="ArgumentException">Fewer than one dimension besides conditions, or non-finite activations.</exception>
    public static Dataset ToDataset(Tensor activations, IReadOnlyList<int>? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        using var scope = NewDisposeScope();
        var flat = Flatten(activations).to(ScalarType.Float64).cpu().contiguous();
        int n = (int)flat.shape[0], c = (int)flat.shape[1];
        return new Dataset(flat.data<double>().ToArray(), n, c, conditions);
    }

    /// <summary>
    /// Computes a Euclidean or correlation RDM on the activations' device and returns the condensed result.
    /// </summary>
    /// <param name="activations">Activations <c>[conditions, ...]</c> on any device.</param>
    /// <param name="method"><see cref="RdmMethod.Euclidean"/> or <see cref="RdmMethod.Correlation"/>.</param>
    /// <param name="computeType">Floating-point type of the device computation (default float64; float32 is faster on
    /// GPUs at about 1e-6 relative accuracy).</param>
    /// <exception cref="ArgumentException">Another method, too few conditions, or a constant pattern (correlation).</exception>
    public static Rdms ComputeRdm(Tensor activations, RdmMethod method = RdmMethod.Euclidean, ScalarType computeType = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (method is not (RdmMethod.Euclidean or RdmMethod.Correlation))
        {
            throw new ArgumentException($"On-device RDMs support Euclidean and Correlation; for {method} use ToDataset and RdmCalculator.", nameof(method));
        }

        if (computeType is not (ScalarType.Float64 or ScalarType.Float32))
        {
            throw new ArgumentException($"computeType must be Float64 or Float32, got {computeType}.", nameof(computeType));
        }

        using var scope = NewDisposeScope();
        var x = Flatten(activations).to(computeType);
        long n = x.shape[0], c = x.shape[1];
        if (n < 2)
        {
            throw new ArgumentException("An RDM needs at least two conditions.", nameof(activations));
        }

        if (!x.isfinite().all().item<bool>())
        {
            throw new ArgumentException("Activations contain NaN or infinite values.", nameof(activations));
        }

        Tensor d;
        if (method == RdmMethod.Euclidean)
        {
            var sq = (x * x).sum(1);
            var g = x.matmul(x.t());
            d = (sq.unsqueeze(1) + sq.unsqueeze(0) - (2 * g)) / c;
        }
        else
        {
            var centred = x - x.mean([1], keepdim: true);
            var norm = centred.norm(1, keepdim: true);
            if ((norm == 0).any().item<bool>())
            {
                throw new ArgumentException("A pattern is constant across channels; its correlation distance is undefined.", nameof(activations));
            }

            var z = centred / norm;
            d = 1 - z.matmul(z.t());
        }

        var idx = triu_indices(n, n, 1, device: d.device);
        var flatIndex = (idx[0] * n) + idx[1];
        var condensed = d.reshape(-1).index_select(0, flatIndex).to(ScalarType.Float64).cpu().contiguous();
        return new Rdms(condensed.data<double>().ToArray(), 1, RdmCalculator.MeasureName(method));
    }

    private static Tensor Flatten(Tensor activations)
    {
        if (activations.dim() < 2)
        {
            throw new ArgumentException($"Activations must be [conditions, ...] with at least one feature dimension; got shape [{string.Join(", ", activations.shape)}].", nameof(activations));
        }

        return activations.reshape(activations.shape[0], -1);
    }
}
