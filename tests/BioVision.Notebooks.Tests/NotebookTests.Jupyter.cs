using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// A notebook executed by a real Jupyter client, as a user following the README's Jupyter path runs it:
/// <c>jupyter nbconvert --to html --execute</c> with the .NET Interactive kernel (Debian's jupyter packages, the
/// Microsoft.dotnet-interactive tool of the local manifest, <c>dotnet interactive jupyter install</c>; <c>.ci/run</c>
/// installs all of it). The HTML export must show every figure as an image (not an empty frame).
/// </summary>
public sealed partial class NotebookTests
{
    private const string JupyterSetup =
        "The Jupyter path needs: apt-get install jupyter-nbconvert jupyter-client python3-ipykernel python3-lxml; " +
        "then, in the checkout, dotnet tool restore && dotnet interactive jupyter install (README, \"Notebooks\"; .ci/run does this).";

    [Fact]
    public void JupyterNbconvertExecutesANotebookWithTheDotNetKernelAndExportsItsFiguresAsImages()
    {
        // No skipping: without Jupyter and the kernel this path is untested, so the test says what to install.
        (int exitCode, string output) kernels;
        try
        {
            kernels = ChildProcess.Run("jupyter", ["kernelspec", "list", "--json"], RepositoryPaths.Root, timeoutSeconds: 60);
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"jupyter is not installed ({e.Message}). {JupyterSetup}");
            return;
        }

        Assert.True(kernels.exitCode == 0, $"jupyter kernelspec list failed:\n{kernels.output}\n{JupyterSetup}");
        Assert.True(kernels.output.Contains("\".net-csharp\"", StringComparison.Ordinal), $"The .NET (C#) kernel is not installed in Jupyter:\n{kernels.output}\n{JupyterSetup}");

        // A copy of notebook 02 that references this run's feed (the README's notebooks use the registered local feed),
        // in a folder inside the checkout: the kernel starts there and finds the tool through the local manifest.
        string folder = Path.Combine(AppContext.BaseDirectory, $"nbconvert-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string notebook = Path.Combine(folder, "02_rsa_92_images.ipynb");
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "02_rsa_92_images.ipynb")))!.AsObject();
            var reference = json["cells"]!.AsArray().First(c => (string?)c!["id"] == "reference")!;
            reference["source"] = new JsonArray($"#i \"nuget: {feed.Directory}\"\n", $"#r \"nuget: BioVision.Interactive, {feed.Version}\"");
            File.WriteAllText(notebook, json.ToJsonString());

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (exitCode, output) = ChildProcess.Run("jupyter",
                ["nbconvert", "--to", "html", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", folder, notebook],
                folder, timeoutSeconds: 900);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jupyter nbconvert --execute 02_rsa_92_images.ipynb: {watch.Elapsed.TotalSeconds:F1} s"));
            Assert.True(exitCode == 0, $"jupyter nbconvert --execute failed ({exitCode}):\n{output}");

            string html = File.ReadAllText(Path.Combine(folder, "02_rsa_92_images.html"));
            // The two RDM heat maps and the layer curve, each an inline PNG image with its title as alternative text.
            foreach (string title in new[] { "RDM: 92 conditions", "RDM \\(name vone_block\\): 92 conditions", "Model layers vs IT" })
            {
                Assert.Matches($"<img alt=\"[^\"]*{title}[^\"]*\" src=\"data:image/png;base64,iVBORw0KGgo", html);
            }

            Assert.Contains("BootstrapRdms evaluation by Pearson", html, StringComparison.Ordinal);
            // No figure may come out as the empty <svg> frame an HTML sanitiser leaves of an SVG output.
            Assert.DoesNotMatch(new Regex("<svg width=\"\\d+\" height=\"\\d+\">\\s*(<img[^>]*>)?[^<]*</svg>"), html);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
