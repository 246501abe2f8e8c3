#:project ../../src/BioVision/BioVision.csproj
// A file-based app (`dotnet run tests/scripts/training_json.cs`): such apps disable reflection-based System.Text.Json,
// so this fails unless BioVision's JSON goes through source-generated contexts. Run by ScriptJsonTests.
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using BioVision.V1;

string output = Path.Combine(Path.GetTempPath(), "biovision-script-" + Guid.NewGuid().ToString("N"));
try
{
    var data = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 64, Size = 12, Seed = 1 });
    var spec = new ModelSpec { Width = 4, ImageSize = 12 };
    var options = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.05, Device = new DeviceRequest(DeviceKind.Cpu), OutputDirectory = output };
    var first = new Trainer(spec, options).Fit(data, data);
    var resumed = new Trainer(spec, options with { Resume = true }).Fit(data, data);
    var state = TrainingCheckpoint.TryRead(output) ?? throw new InvalidOperationException("no checkpoint");
    Console.WriteLine($"TRAINED {first.History.Count} RESUMED-FROM {resumed.ResumedFromEpoch} CHECKPOINT-EPOCH {state.Epoch} RECIPE-SEED {state.Recipe?.Seed}");

    var parameters = V1Sampler.Sample(4, 4, new V1SamplerOptions(), 1);
    string path = Path.Combine(output, "v1.json");
    parameters.Save(path);
    var loaded = V1Parameters.Load(path);
    if (!loaded.SpatialFrequency.SequenceEqual(parameters.SpatialFrequency))
    {
        throw new InvalidOperationException("V1 parameters changed in a save/load round trip");
    }

    Console.WriteLine("V1PARAMETERS OK");
}
finally
{
    if (Directory.Exists(output))
    {
        Directory.Delete(output, true);
    }
}
