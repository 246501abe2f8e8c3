using System.CommandLine;

namespace BioVision.Cli.Commands;

/// <summary><c>biovision benchmark</c>: brain-similarity benchmarks of models (V1 single-neuron properties, neural recordings).</summary>
internal static class BenchmarkCommand
{
    public static Command Create() => new("benchmark", "Score models on brain-similarity benchmarks.")
    {
        BenchmarkV1Command.Create(),
        NeuralBenchmarkCommand.Create(),
    };
}
