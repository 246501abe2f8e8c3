using BioVision.Serialization;
using System.Text.Json;
using BioVision.Data;
using BioVision.Interop;
using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Interop;

/// <summary>
/// PyTorch files written by tests/BioVision.Tests/fixtures/pytorch/make_fixtures.py (python3-torch 1.13, float32): a
/// reduced VOneNet with a ResNet-18 back end in the published checkpoint layout (zip), one with a ResNet-50 back end in
/// the adversarially trained checkpoint's layout (legacy format, extra keys), and a torchvision-named ResNet-18 (bare
/// state dict, one non-contiguous tensor). Logits are compared with PyTorch's recorded ones with noise off: tolerance
/// 1e-5 absolute (float32 convolutions summed in another order).
/// </summary>
public class PyTorchInteropTests
{
    private const double LogitTolerance = 1e-5;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "pytorch", name);

    [Fact]
    public void PublishedLayoutImportsWithRecordedOptionsAndPyTorchsLogits()
    {
        using var scope = torch.NewDisposeScope();
        using var imported = PyTorchImport.LoadVOneNet(Fixture("vone_resnet18_w4.pth"));
        var s = imported.Summary;
        Assert.Equal("torch.save zip: {epoch, flags, optimizer, state_dict}; prefix 'module.' stripped", s.Layout);
        Assert.Equal(70, s.Epoch);
        Assert.Equal("resnet18", s.Arch);
        Assert.Equal(BackboneKind.ResNet18, s.Spec.Backbone);
        Assert.True(s.Spec.VOne);
        Assert.Equal(5, s.Spec.Classes);
        Assert.Equal(4, s.BackboneWidth);
        var v1 = s.Spec.VOneBlock!;
        Assert.Equal((8, 8, 7, 2, NoiseMode.Neuronal, 0.35, 0.07, 25.0), (v1.SimpleChannels, v1.ComplexChannels, v1.KernelSize, v1.Stride, v1.NoiseMode, v1.NoiseScale, v1.NoiseLevel, v1.KExc));
        Assert.True(s.Report.IsComplete, s.Report.ToString());
        Assert.Empty(s.Report.Ignored);

        foreach (var impl in Enum.GetValues<GfbImplementation>())
        {
            double diff = MaxLogitDifference(Quiet((VOneNet)imported.Model, impl), "vone_resnet18_w4.expected.pth");
            Assert.True(diff <= LogitTolerance, $"{impl}: max |logit difference| {diff}");
        }
    }

    [Fact]
    public void AdversariallyTrainedLayoutInLegacyFormatImportsWithItsExtraKeysIgnored()
    {
        using var scope = torch.NewDisposeScope();
        using var imported = PyTorchImport.LoadVOneNet(Fixture("vone_resnet50_w2_at.pth.tar"));
        var s = imported.Summary;
        Assert.Equal("torch.save legacy: {epoch, flags, state_dict}", s.Layout);
        Assert.Equal(96, s.Epoch);
        Assert.Equal(BackboneKind.ResNet50, s.Spec.Backbone);
        Assert.Equal(4, s.Spec.Classes);
        Assert.Equal(2, s.BackboneWidth);
        Assert.Equal((6, 6, 5, NoiseMode.Gaussian), (s.Spec.VOneBlock!.SimpleChannels, s.Spec.VOneBlock.ComplexChannels, s.Spec.VOneBlock.KernelSize, s.Spec.VOneBlock.NoiseMode));
        Assert.Equal(["vone_block.div_t.weight", "vone_block.div_u.weight"], s.Report.Ignored);
        Assert.True(s.Report.IsComplete, s.Report.ToString());
        double diff = MaxLogitDifference(Quiet((VOneNet)imported.Model, GfbImplementation.PerChannel), "vone_resnet50_w2_at.expected.pth");
        Assert.True(diff <= LogitTolerance, $"max |logit difference| {diff}");
    }

    [Fact]
    public void TorchvisionResNetImportsIncludingANonContiguousTensor()
    {
        using var scope = torch.NewDisposeScope();
        using var imported = PyTorchImport.LoadTorchvision(Fixture("resnet18_w4_torchvision.pth"));
        Assert.Equal(BackboneKind.ResNet18, imported.Summary.Spec.Backbone);
        Assert.False(imported.Summary.Spec.VOne);
        Assert.Equal(5, imported.Summary.Spec.Classes);
        Assert.True(imported.Summary.Report.IsComplete, imported.Summary.Report.ToString());
        double diff = MaxLogitDifference(imported.Model, "resnet18_w4_torchvision.expected.pth");
        Assert.True(diff <= LogitTolerance, $"max |logit difference| {diff}");
    }

    [Theory]
    [InlineData(".pth", PyTorchFileLayout.StateDict)]
    [InlineData(".pth.tar", PyTorchFileLayout.VOneNetCheckpoint)]
    [InlineData(".safetensors", PyTorchFileLayout.StateDict)]
    public void ExportRoundTripIsExact(string extension, PyTorchFileLayout layout)
    {
        using var scope = torch.NewDisposeScope();
        using var imported = PyTorchImport.LoadVOneNet(Fixture("vone_resnet18_w4.pth"));
        var model = (VOneNet)imported.Model;
        string path = Path.Combine(Path.GetTempPath(), $"biovision-export-{Guid.NewGuid():N}{extension}");
        try
        {
            if (extension == ".safetensors")
            {
                model.SaveAsSafetensors(path);
            }
            else
            {
                model.SaveAsPyTorch(path, layout, epoch: 3);
            }

            using var back = PyTorchImport.LoadVOneNet(path);
            Assert.True(back.Summary.Report.IsComplete, back.Summary.Report.ToString());
            var original = model.state_dict();
            var reloaded = back.Model.state_dict();
            Assert.Equal(original.Keys.Order(StringComparer.Ordinal), reloaded.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in original)
            {
                Assert.True(Same(value, reloaded[key]), key);
            }

            if (layout == PyTorchFileLayout.VOneNetCheckpoint)
            {
                Assert.Equal(3, back.Summary.Epoch);
                Assert.Equal("resnet18", back.Summary.Arch);
                Assert.DoesNotContain(back.Summary.Notes, n => n.Contains("noise", StringComparison.Ordinal));
                Assert.Equal(imported.Summary.Spec.VOneBlock!.NoiseMode, back.Summary.Spec.VOneBlock!.NoiseMode);
            }

            else
            {
                // A bare state dict does not record the stride: the importer says it used the reference's.
                Assert.Contains(back.Summary.Notes, n => n.StartsWith("stride (stride) not recorded", StringComparison.Ordinal));
            }

            var x = torch.rand(2, 3, 32, 32, generator: new Generator(5));
            using var a = Quiet(model, GfbImplementation.PerChannel);
            using var b = Quiet(model, GfbImplementation.PerChannel);
            StateDictLoader.Load(b, back.Model.state_dict());
            Assert.True(Same(a.forward(x), b.forward(x)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MismatchedModelsAreReportedKeyByKey()
    {
        using var scope = torch.NewDisposeScope();
        using var ckpt = PyTorchCheckpoint.Read(Fixture("resnet18_w4_torchvision.pth"));
        using var wider = ResNet.ResNet18(5, width: 8);
        var e = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(wider, ckpt.StateDict));
        Assert.Contains("conv1.weight: expected [8, 3, 7, 7], found [4, 3, 7, 7]", e.Message, StringComparison.Ordinal);

        using var fewer = ResNet.ResNet18(3, width: 4);
        var report = StateDictLoader.Load(fewer, ckpt.StateDict, new StateDictLoadOptions { Strict = false });
        Assert.Equal(["fc.bias", "fc.weight"], report.Mismatched.Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ckpt.StateDict.Count - 2, report.Loaded);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
    }

    [Fact]
    public void TheWrongImporterOrANonPyTorchFileGetsAClearError()
    {
        var e = Assert.Throws<DataFormatException>(() => PyTorchImport.LoadVOneNet(Fixture("resnet18_w4_torchvision.pth")));
        Assert.Contains("not a VOneNet checkpoint", e.Message, StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), $"biovision-bad-{Guid.NewGuid():N}.pth");
        try
        {
            File.WriteAllBytes(path, [0x80, 0x02, (byte)'K', 0x05, (byte)'.']); // a pickle of the int 5
            var bad = Assert.Throws<DataFormatException>(() => PyTorchCheckpoint.Read(path));
            Assert.Contains("torch.save", bad.Message, StringComparison.Ordinal);
            Assert.Contains("python3 -c", bad.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ImportSummaryRoundTripsThroughJson()
    {
        using var scope = torch.NewDisposeScope();
        using var imported = PyTorchImport.LoadVOneNet(Fixture("vone_resnet50_w2_at.pth.tar"));
        string json = JsonSerializer.Serialize(imported.Summary, InteropJsonContext.Default.ImportSummary);
        var back = JsonSerializer.Deserialize(json, InteropJsonContext.Default.ImportSummary)!;
        Assert.Equal(imported.Summary.Spec, back.Spec);
        Assert.Equal(imported.Summary.Report.Ignored, back.Report.Ignored);
        Assert.Equal(imported.Summary.Layout, back.Layout);
        Assert.Equal(json, JsonSerializer.Serialize(back, InteropJsonContext.Default.ImportSummary));
    }

    /// <summary>The same weights in a model with noise off and the given filter-bank implementation.</summary>
    internal static VOneNet Quiet(VOneNet source, GfbImplementation impl)
    {
        var block = source.Block.Options with { NoiseMode = NoiseMode.None, Implementation = impl };
        var backEnd = (ResNet)source.BackEnd;
        var net = new VOneNet(new VOneBlock(block), new ResNet(backEnd.Block, backEnd.Block == ResidualBlockKind.Basic ? [2, 2, 2, 2] : [3, 4, 6, 3], (int)source.state_dict()["model.fc.weight"].shape[0], false, 3, backEnd.Width), backEnd.Width);
        StateDictLoader.Load(net, source.state_dict());
        net.eval();
        return net;
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double MaxLogitDifference(nn.Module<Tensor, Tensor> model, string expectedFile)
    {
        using var expected = PyTorchCheckpoint.Read(Fixture(expectedFile));
        using var _ = torch.no_grad();
        var y = model.forward(expected.StateDict["input"]);
        return (y - expected.StateDict["logits"]).abs().max().item<float>();
    }
}
