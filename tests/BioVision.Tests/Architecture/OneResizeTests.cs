using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace BioVision.Tests.Architecture;

/// <summary>
/// One resize (issue 22): in BioVision.dll only <c>BioVision.Data.Transforms.ImageResize</c> calls libtorch's interpolation, so
/// every path that brings an image to a model's size goes through it; the corruption module's PIL emulations are
/// called only from that module (they reproduce the released corruption data and are not a model-input resize). Read
/// from the compiled IL, so a call in a lambda, a local function or an iterator counts for the type that wrote it.
/// </summary>
public sealed class OneResizeTests
{
    private static readonly string[] Interpolations = ["interpolate", "upsample", "upsample_bilinear", "upsample_nearest", "Upsample"];
    private static readonly string[] PilEmulations = ["PilBoxResize", "PilNearestResize", "PilBoxMatrix"];

    [Fact]
    public void Only_the_one_resize_calls_libtorchs_interpolation()
    {
        var calls = Calls(m => Interpolations.Contains(m.Name) && m.DeclaringType.FullName.StartsWith("TorchSharp.", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Caller == "BioVision.Data.Transforms.ImageResize"); // the reader sees the call it guards
        var others = calls.Where(c => c.Caller != "BioVision.Data.Transforms.ImageResize").Select(c => $"{c.Caller}.{c.Method} calls {c.Callee}").Distinct().ToList();
        Assert.True(others.Count == 0, "Resize through BioVision.Data.Transforms.ImageResize, not libtorch directly:\n" + string.Join("\n", others));
    }

    [Fact]
    public void The_pil_emulations_of_the_corruption_generators_stay_inside_the_corruption_module()
    {
        var calls = Calls(m => PilEmulations.Contains(m.Name) && m.DeclaringType.FullName == "BioVision.Robustness.Corruptions.Filters");
        Assert.Contains(calls, c => c.Caller == "BioVision.Robustness.Corruptions.Corruptor");
        var outside = calls.Where(c => !c.Caller.StartsWith("BioVision.Robustness.Corruptions.", StringComparison.Ordinal)).Select(c => $"{c.Caller}.{c.Method} calls {c.Callee}").Distinct().ToList();
        Assert.True(outside.Count == 0, "PIL BOX/NEAREST reproduce the corruption datasets; a model-input resize is BioVision.Data.Transforms.ImageResize:\n" + string.Join("\n", outside));
    }

    private static List<(string Caller, string Method, string Callee)> Calls(Func<MethodReference, bool> match)
    {
        using var module = ModuleDefinition.ReadModule(typeof(BioVision.Data.Transforms.ImageResize).Assembly.Location);
        var found = new List<(string, string, string)>();
        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if ((instruction.OpCode.FlowControl == FlowControl.Call || instruction.OpCode.Code is Code.Ldftn or Code.Ldvirtftn) && instruction.Operand is MethodReference callee && match(callee))
                    {
                        found.Add((Outermost(type).FullName, method.Name, $"{callee.DeclaringType.FullName}.{callee.Name}"));
                    }
                }
            }
        }

        return found;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }
}
