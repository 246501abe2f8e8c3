using System.Globalization;

namespace BioVision.Devices;

/// <summary>A device request: a kind and, for CUDA, an optional GPU index.</summary>
/// <param name="Kind">The kind of device.</param>
/// <param name="Index">The CUDA device index; null means device 0.</param>
public sealed record DeviceRequest(DeviceKind Kind, int? Index = null)
{
    /// <summary>Automatic selection.</summary>
    public static DeviceRequest Auto { get; } = new(DeviceKind.Auto);

    /// <summary>
    /// Parses <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive).
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <exception cref="ArgumentException">The text names no known device.</exception>
    public static DeviceRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "auto" or "":
                return Auto;
            case "cpu":
                return new DeviceRequest(DeviceKind.Cpu);
            case "cuda" or "gpu":
                return new DeviceRequest(DeviceKind.Cuda);
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return new DeviceRequest(DeviceKind.Cuda, index);
        }

        throw new ArgumentException($"Unknown device '{text}': expected auto, cpu, cuda or cuda:N.", nameof(text));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => Index is null ? "cuda" : $"cuda:{Index.Value.ToString(CultureInfo.InvariantCulture)}",
    };
}
