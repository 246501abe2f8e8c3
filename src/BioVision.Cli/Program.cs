using System.CommandLine;
using BioVision.Cli;
using BioVision.Cli.Commands;

var root = new RootCommand("BioVision: biologically inspired vision models, brain comparison and robustness.")
{
    InfoCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
    BenchmarkCommand.Create(),
    RobustnessCommand.Create(),
    ImportCommand.Create(),
    ReproduceCommand.Create(),
};
return UserErrors.Invoke(root, args);
