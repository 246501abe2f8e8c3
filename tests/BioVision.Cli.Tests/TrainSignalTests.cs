using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>
/// `biovision train` stopped by SIGTERM (as a job scheduler or `kill` stops it): it finishes the batch in hand, keeps the
/// last complete checkpoint, exits with 143 and one line saying how to continue, and `--resume` continues from there.
/// </summary>
public sealed class TrainSignalTests
{
    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [Fact]
    public void Sigterm_stops_at_a_safe_point_keeping_the_checkpoint_and_resume_continues()
    {
        string output = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        // Many epochs, so the run is still going when the signal arrives; the resume below shortens it explicitly.
        string[] recipe = ["train", "--limit", "200", "--width", "4", "--batch-size", "16", "--device", "cpu", "--threads", "1", "--schedule", "Constant", "--output", output];
        try
        {
            var (exitCode, text) = RunUntilFirstCheckpoint([.. recipe, "--epochs", "500"], output);
            Assert.True(exitCode == 143, $"exit code {exitCode}:\n{text}");
            string[] stopped = text.Split('\n').Where(l => l.Contains("Stopped by SIGTERM", StringComparison.Ordinal)).ToArray();
            Assert.True(stopped.Length == 1, text);
            Assert.Contains("continue with --resume", stopped[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

            using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "checkpoint.json")));
            int epoch = index.RootElement.GetProperty("epoch").GetInt32();
            Assert.InRange(epoch, 1, 499);
            Assert.Contains($"the checkpoint of epoch {epoch} is kept", stopped[0], StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(output, "*.tmp"));
            Assert.Equal(epoch + 1, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
            Assert.Equal(2, Directory.GetFiles(output, "checkpoint-e*.bin").Length);

            var resumed = CliRunner.Run([.. recipe, "--epochs", (epoch + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--resume", "--allow-recipe-change"]);
            Assert.True(resumed.ExitCode == 0, resumed.Output);
            Assert.Contains($"resumed after epoch {epoch}", resumed.Output, StringComparison.Ordinal);
            Assert.Equal(epoch + 2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
        }
    }

    /// <summary>Starts the CLI, sends SIGTERM once <c>checkpoint.json</c> exists, and waits for the process to end.</summary>
    private static (int ExitCode, string Output) RunUntilFirstCheckpoint(string[] arguments, string output)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BioVision.Cli.dll"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var text = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string index = Path.Combine(output, "checkpoint.json");
        // Waits for an event (the first checkpoint), not for a time; the deadline only keeps a broken build from hanging CI.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!File.Exists(index) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(process.HasExited, $"the run ended before its first checkpoint:\n{text}");
        Assert.True(File.Exists(index), $"no checkpoint after 10 minutes:\n{text}");
        Assert.Equal(0, kill(process.Id, SigTerm));
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"biovision did not stop after SIGTERM:\n{text}");
        }

        process.WaitForExit();
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }
}
