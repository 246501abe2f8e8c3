using System.CommandLine;

namespace BioVision.Cli.Commands;

/// <summary><c>biovision benchmark</c>: brain benchmarks of a model.</summary>
internal static class BenchmarkCommand
{
    public static Command Create() => new("benchmark", "Compare a model with brain data.")
    {
        NeuralBenchmarkCommand.Create(),
    };
}
