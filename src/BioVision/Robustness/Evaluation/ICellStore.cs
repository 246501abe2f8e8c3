using System.Text.Json.Serialization.Metadata;

namespace BioVision.Robustness.Evaluation;

/// <summary>Where an evaluation keeps finished cells so that a killed run continues where it stopped.</summary>
public interface ICellStore
{
    /// <summary>The stored value of a cell, or default when it has not finished.</summary>
    /// <typeparam name="T">The cell's record type.</typeparam>
    /// <param name="key">The cell's key.</param>
    /// <param name="type">Its JSON type information.</param>
    T? TryRead<T>(string key, JsonTypeInfo<T> type);

    /// <summary>Stores a finished cell (atomically).</summary>
    /// <typeparam name="T">The cell's record type.</typeparam>
    /// <param name="key">The cell's key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="type">Its JSON type information.</param>
    void Write<T>(string key, T value, JsonTypeInfo<T> type);
}
