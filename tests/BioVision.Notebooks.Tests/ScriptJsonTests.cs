using Xunit;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// `dotnet run file.cs` apps turn reflection-based System.Text.Json off; training with an output folder, resuming and
/// saving/loading V1 parameters must still work (BioVision's JSON goes through source-generated contexts).
/// </summary>
public sealed class ScriptJsonTests
{
    [Fact]
    public void File_based_script_trains_resumes_and_round_trips_v1_parameters()
    {
        string script = Path.Combine(RepositoryPaths.Root, "tests", "scripts", "training_json.cs");
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet, ["run", script], RepositoryPaths.Root);
        Assert.True(exitCode == 0, $"dotnet run {script} failed:\n{output}");
        Assert.Contains("TRAINED 1 RESUMED-FROM 1 CHECKPOINT-EPOCH 1 RECIPE-SEED 0", output, StringComparison.Ordinal);
        Assert.Contains("V1PARAMETERS OK", output, StringComparison.Ordinal);
    }
}
