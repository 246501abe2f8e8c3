using BioVision.Runs;
using BioVision.Serialization;
using System.CommandLine;
using System.Text.Json;
using BioVision.Data;
using BioVision.Interop;
using BioVision.Models;
using BioVision.Training;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision import</c>: reads a PyTorch checkpoint (reference VOneNet or torchvision backbone), prints what was
/// inferred and which keys matched, and writes BioVision weights plus a JSON summary (with the model spec); optionally
/// re-exports the model as a PyTorch or safetensors file.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "The .pth / .pth.tar / .pt / .safetensors file." };
        var from = new Option<string>("--from") { Description = "What the file holds: vonenet (reference VOneNet checkpoints), evnet (lucaspiper99/evnet checkpoints such as the released EVResNet50) or torchvision (ResNet-18/50, AlexNet).", Required = true };
        var imageSize = new Option<int>("--image-size") { Description = "Image side an EVNet checkpoint was trained at (its files record no settings).", DefaultValueFactory = _ => 224 };
        var output = new Option<string?>("--output") { Description = "BioVision weights file to write (default: <checkpoint>.biovision.bin); the summary goes to the same name with .json." };
        var lenient = new Option<bool>("--lenient") { Description = "Load the keys that match and report the rest instead of failing." };
        var export = new Option<string?>("--export") { Description = "Also write the model for PyTorch: a .safetensors file, or a torch.save file (.pth/.pt)." };
        var command = new Command("import", "Load PyTorch weights (reference VOneNets and EVNets, torchvision backbones) into BioVision, reporting every missing, unexpected or mis-shaped key.")
        {
            checkpoint, from, output, lenient, export, imageSize,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(checkpoint)!;
            string kind = parse.GetValue(from)!.ToLowerInvariant();
            if (kind is not ("vonenet" or "evnet" or "torchvision"))
            {
                Console.Error.WriteLine($"error: --from must be vonenet, evnet or torchvision, not '{parse.GetValue(from)}'.");
                return 2;
            }

            ImportedModel imported;
            try
            {
                imported = kind switch
                {
                    "vonenet" => PyTorchImport.LoadVOneNet(path, strict: !parse.GetValue(lenient)),
                    "evnet" => PyTorchImport.LoadEVNet(path, parse.GetValue(imageSize), strict: !parse.GetValue(lenient)),
                    _ => PyTorchImport.LoadTorchvision(path, strict: !parse.GetValue(lenient)),
                };
            }
            catch (StateDictMismatchException e)
            {
                var r = e.Report;
                var names = r.Missing.Select(k => "missing " + k).Concat(r.Unexpected.Select(k => "unexpected " + k)).Concat(r.Mismatched.Select(m => "mis-shaped " + m));
                Console.Error.WriteLine($"error: '{path}' does not match the inferred model ({string.Join("; ", names)}); --lenient loads what matches.");
                return 2;
            }
            catch (Exception e) when (e is FileNotFoundException or DataFormatException or NotSupportedException or UnauthorizedAccessException or IOException)
            {
                Console.Error.WriteLine("error: " + e.Message.ReplaceLineEndings(" "));
                return 2;
            }

            using (imported)
            {
                Console.WriteLine(imported.Summary);
                string weights = parse.GetValue(output) ?? path + ".biovision.bin";
                AtomicFile.Write(weights, temp => imported.Model.save(temp));
                string json = Path.ChangeExtension(weights, ".json");
                AtomicFile.WriteAllText(json, JsonSerializer.Serialize(imported.Summary, InteropJsonContext.Default.ImportSummary));
                Console.WriteLine($"wrote {weights} and {json}");
                if (parse.GetValue(export) is { } target)
                {
                    if (target.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                    {
                        imported.Model.SaveAsSafetensors(target);
                    }
                    else
                    {
                        imported.Model.SaveAsPyTorch(target, imported.Model is VOneNet ? PyTorchFileLayout.VOneNetCheckpoint : PyTorchFileLayout.StateDict, imported.Summary.Epoch ?? 0);
                    }

                    Console.WriteLine($"wrote {target}");
                }

                return 0;
            }
        });
        return command;
    }
}
