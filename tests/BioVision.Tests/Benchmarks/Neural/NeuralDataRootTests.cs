using BioVision.Benchmarks.Neural;
using BioVision.Rsa;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// Every loader takes the data root as a parameter (the environment and the checkout lookup stay the defaults), and a
/// wrong root fails at once, naming the path, before a benchmark shows the model anything.
/// </summary>
public sealed class NeuralDataRootTests
{
    private static string Root => SharedDataPaths.DataRoot ?? throw new DirectoryNotFoundException("The shared data folder is needed (set BIOVISION_DATA).");

    [Fact]
    public void An_explicit_root_loads_the_same_data_as_the_default_lookup()
    {
        // The root spelled differently (trailing separator) names the same folder and gives the same RDMs.
        var explicitRoot = NeuralData.HumanIt92(root: Root + Path.DirectorySeparatorChar);
        var byDefault = NeuralData.HumanIt92();
        Assert.Equal(byDefault.Subjects, explicitRoot.Subjects);
        Assert.Equal(byDefault.Data.Vectors.ToArray(), explicitRoot.Data.Vectors.ToArray());
        Assert.Equal(0.76, NeuralData.CowleyV4Reliability(root: Root).Median, 0.01);
    }

    [Fact]
    public void An_explicit_root_is_used_even_when_a_default_exists()
    {
        // A root without the files: the loader must look there (and fail naming it), not fall back to the default.
        string empty = Directory.CreateTempSubdirectory("biovision-empty-root-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => NeuralData.MonkeyIt92(root: empty));
            Assert.Contains(empty, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void A_missing_root_is_refused_naming_it()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => NeuralData.Images92(ModelInput.ImageNet, root: "/nonexistent/shared/data"));
        Assert.Contains("/nonexistent/shared/data", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => NeuralData.AllenMouseV1(root: "/nonexistent/shared/data"));
    }

    [Fact]
    public void The_benchmark_refuses_a_missing_root_before_running_the_model()
    {
        using var model = new ThrowingModel();
        var e = Assert.Throws<DirectoryNotFoundException>(() =>
            NeuralBenchmark.Run(model, "throwing", new ModelInput(1, 28, 28), new NeuralBenchmarkOptions { DataRoot = "/nonexistent/shared/data" }));
        Assert.Contains("/nonexistent/shared/data", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A model that fails if it is ever run: the root check must come first.</summary>
    private sealed class ThrowingModel() : nn.Module<Tensor, Tensor>("throwing")
    {
        public override Tensor forward(Tensor input) => throw new InvalidOperationException("the model ran before the data root was checked");
    }
}
