using System.CommandLine;
using BioVision.Cli;
using BioVision.Cli.Commands;

var root = new RootCommand("BioVision: biologically inspired vision models, brain comparison and robustness.")
{
    InfoCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
};
return UserErrors.Invoke(root, args);
