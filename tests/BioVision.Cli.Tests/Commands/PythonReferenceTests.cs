using BioVision.Cli.Commands;
using Xunit;

namespace BioVision.Cli.Tests.Commands;

/// <summary>
/// The shared reference runner of the bench commands: reading a script's JSON line, what a run amounts to, finding the
/// scripts, and a missing interpreter reported as "not run". No test needs Python.
/// </summary>
public class PythonReferenceTests
{
    [Fact]
    public void ParsesTheLastJsonObjectLineAndSkipsOtherOutput()
    {
        string stdout = "Model:  VOneNet\n{\"images_per_second\": 1.0}\nNeuronal distributions\n  {\"images_per_second\": 812.5, \"torch\": \"1.13.0\"}  \n{not json}\n[1, 2]\n";
        var json = PythonReference.ParseJsonLine(stdout);
        Assert.NotNull(json);
        Assert.Equal(812.5, json.Value.GetProperty("images_per_second").GetDouble());
        Assert.Equal("1.13.0", json.Value.GetProperty("torch").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no json here\n")]
    [InlineData("{\"unterminated\": \n")]
    [InlineData("[{\"a\": 1}]\n")]
    public void GivesNullWithoutAJsonObjectLine(string? stdout) => Assert.Null(PythonReference.ParseJsonLine(stdout));

    [Fact]
    public void ARunWithItsJsonLineRanAndReadsItsNumbers()
    {
        var run = PythonReference.Interpret(0, "{\"images_per_second\": 640, \"torch\": \"1.13.0a0\", \"threads\": 2, \"mkldnn_enabled\": true}\n", "", "train_step.py", "cmd");
        Assert.True(run.Ran);
        Assert.Equal(640, run.Number("images_per_second"));
        Assert.Null(run.Number("missing"));
        Assert.Equal("PyTorch 1.13.0a0, 2 threads, oneDNN convolutions on", run.Describe());
    }

    [Fact]
    public void TheScriptsErrorMemberIsTheReason()
    {
        var run = PythonReference.Interpret(2, "{\"error\": \"torch is not importable by /usr/bin/python3: No module named 'torch'\"}\n", "", "train_step.py", "cmd");
        Assert.False(run.Ran);
        Assert.Equal("not run: torch is not importable by /usr/bin/python3: No module named 'torch'", run.NotRunText);
    }

    [Fact]
    public void AFailedRunWithoutJsonGivesTheLastLineOfStandardError()
    {
        var run = PythonReference.Interpret(1, "", "Traceback (most recent call last):\n  File \"x.py\"\nRuntimeError: boom\n", "x.py", "cmd");
        Assert.Equal("not run: x.py exited with code 1: RuntimeError: boom", run.NotRunText);
        Assert.Equal("not run: x.py printed no JSON line", PythonReference.Interpret(0, "hello\n", "", "x.py", "cmd").NotRunText);
    }

    [Fact]
    public void AMissingInterpreterIsNotRunWithTheReason()
    {
        var run = new PythonReference("/nonexistent/python3", null, noMkldnn: false).Run("train_step.py", ["--steps", "1"]);
        Assert.False(run.Ran);
        Assert.Equal("not run: python '/nonexistent/python3' not found (pass --python)", run.NotRunText);
    }

    [Fact]
    public void AMissingScriptIsNotRunWithTheReason()
    {
        string empty = Directory.CreateTempSubdirectory("biovision-scripts-").FullName;
        try
        {
            var run = new PythonReference("/nonexistent/python3", empty, noMkldnn: true).Run("train_step.py", []);
            Assert.Equal($"not run: train_step.py not found in --scripts '{empty}'", run.NotRunText);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("train_step.py")]
    [InlineData("vone_block_forward.py")]
    [InlineData("robustness_pgd_eot.py")]
    public void FindsTheScriptsOfTheRepositoryAboveTheBuildFolder(string script)
    {
        string? path = PythonReference.FindScript(script, null);
        Assert.NotNull(path);
        Assert.EndsWith(Path.Combine("tests", "benchmarks", script), path, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTheBenchesResultTables()
    {
        var v1 = PythonReference.Interpret(0, "{\"results\": [{\"batch\": 1, \"noise\": \"on\", \"median_s\": 0.1}, {\"batch\": 8, \"noise\": \"off\", \"median_s\": 0.7}]}", "", "v", "c");
        var medians = BenchV1Command.ReferenceMedians(v1);
        Assert.Equal(0.1, medians[(1, true)]);
        Assert.Equal(0.7, medians[(8, false)]);
        Assert.Equal(2, medians.Count);
        var pgd = PythonReference.Interpret(0, "{\"results\": [{\"size\": \"28x1\", \"kernel\": 15, \"stride\": 1, \"images_per_second\": 2.5}]}", "", "r", "c");
        Assert.Equal(2.5, BenchRobustnessCommand.ReferenceRates(pgd)["28x1"]);
        Assert.Empty(BenchV1Command.ReferenceMedians(ReferenceRun.NotRun("x", "c")));
    }

    [Theory]
    [InlineData(2.0, "2.00x")]
    [InlineData(0.456, "0.46x")]
    [InlineData(null, "n/a")]
    [InlineData(double.NaN, "n/a")]
    [InlineData(0.0, "n/a")]
    public void FormatsRatios(double? ratio, string expected) => Assert.Equal(expected, PythonReference.FormatRatio(ratio));

    [Fact]
    public void DescribesTheCpuWithItsAvx512Flag() =>
        Assert.Matches(@"^.+, AVX-512 (yes|no), \d+ cores$", PythonReference.CpuDescription());
}
