using System.CommandLine;

namespace BioVision.Cli.Commands;

/// <summary><c>biovision bench</c>: performance figures printed beside the reference implementations' figures.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure performance against the reference implementations (prints figures, reference figures and ratios).")
    {
        BenchV1Command.Create(),
        BenchRsaCommand.Create(),
        BenchTrainCommand.Create(),
        BenchRobustnessCommand.Create(),
        BenchMemoryCommand.Create(),
        BenchNeuralCommand.Create(),
    };
}
