using static TorchSharp.torch;

namespace BioVision;

/// <summary>
/// Where model inputs are checked for NaN. A check is a full pass over the input and, off the CPU, a host-device
/// synchronisation; in a loop that feeds a model inputs derived from already checked ones (the steps of an attack: the
/// clean images plus a bounded perturbation) it buys nothing and costs every step. Such a loop checks its inputs once
/// (<see cref="ThrowIfNaN"/>) and runs its steps inside <see cref="Trust"/>; modules that check their input
/// (<c>VOneBlock</c>) skip the check while <see cref="Trusted"/>.
/// </summary>
/// <remarks>
/// The trust is per thread (libtorch runs a module's forward on the calling thread) and nests; it changes no libtorch
/// state. A NaN produced inside a trusted loop (a NaN gradient, for instance) is not caught by the module check: the
/// loops report non-finite losses and gradients themselves (the robustness suite's gradient-health check).
/// </remarks>
public static class InputChecks
{
    [ThreadStatic]
    private static int _depth;

    /// <summary>Whether the calling thread is inside <see cref="Trust"/>.</summary>
    public static bool Trusted => _depth > 0;

    /// <summary>Marks the calling thread's inputs as checked until the returned scope is disposed (scopes nest).</summary>
    /// <returns>The scope; dispose it on the same thread.</returns>
    public static IDisposable Trust()
    {
        _depth++;
        return new Scope();
    }

    /// <summary>Throws when a floating-point tensor holds NaN (one pass; a host synchronisation off the CPU).</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="parameterName">The argument's name, for the exception.</param>
    /// <param name="what">What holds the NaN, for the message ("VOneBlock input", "Attack images").</param>
    /// <exception cref="ArgumentException">The tensor holds NaN.</exception>
    public static void ThrowIfNaN(Tensor input, string parameterName, string what = "Input")
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.is_floating_point())
        {
            using var nan = input.isnan().any();
            if (nan.item<bool>())
            {
                throw new ArgumentException($"{what} contains NaN values.", parameterName);
            }
        }
    }

    private sealed class Scope : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _depth--;
            }
        }
    }
}
