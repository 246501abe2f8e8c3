using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace BioVision.Tests.Architecture;

/// <summary>
/// The namespaces of BioVision.dll form layers: each depends only on those below it, so none can be understood only
/// together with another. The dependency graph is read from the compiled IL (signatures, base types, attributes and
/// method bodies), not from the source text, so a dependency hidden in a method body or a fully qualified name counts.
/// </summary>
public sealed class NamespaceLayeringTests
{
    /// <summary>The layers, lowest first; a namespace may use its own layer's namespaces and any layer below.</summary>
    public static readonly string[][] Layers =
    [
        ["BioVision"],
        ["BioVision.Runs", "BioVision.Native", "BioVision.Devices"],
        ["BioVision.Serialization", "BioVision.Stochastic"],
        ["BioVision.Data", "BioVision.Data.Transforms"],
        ["BioVision.V1", "BioVision.Subcortical"],
        ["BioVision.Models"],
        ["BioVision.Robustness", "BioVision.Robustness.Attacks", "BioVision.Robustness.Corruptions", "BioVision.Robustness.Evaluation"],
        ["BioVision.Training"],
        ["BioVision.Interop"],
        ["BioVision.Benchmarks.V1Properties", "BioVision.Benchmarks.Neural"],
        ["BioVision.Experiments"],
    ];

    [Fact]
    public void NoNamespaceDependsOnAHigherLayer()
    {
        var graph = Graph();
        var layerOf = Layers.SelectMany((names, i) => names.Select(n => (n, i))).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var unplaced = graph.Keys.Where(n => !layerOf.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unplaced.Count == 0, $"Namespaces not placed in a layer (add them to {nameof(Layers)} and the README's architecture map): {string.Join(", ", unplaced)}");
        var upward = new List<string>();
        foreach (var (from, targets) in graph)
        {
            foreach (var (to, example) in targets)
            {
                if (layerOf[to] > layerOf[from])
                {
                    upward.Add($"{from} -> {to} ({example})");
                }
            }
        }

        Assert.True(upward.Count == 0, "Dependencies on a higher layer:\n" + string.Join("\n", upward.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void NamespacesFormNoCycle()
    {
        var graph = Graph();
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        var lines = cycles.SelectMany(c => c.SelectMany(from => graph[from].Where(e => c.Contains(e.Key)).Select(e => $"{from} -> {e.Key} ({e.Value})")));
        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", lines));
    }

    [Fact]
    public void TheNumericalCoreDrawsNothingAndReadsNoConsole()
    {
        // Plotting, reports and consoles stay out of the numerical core (the README's data flow). SkiaSharp is allowed:
        // the data layer decodes PNG/JPEG image folders with it.
        var references = typeof(BioVision.V1.VOneBlock).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        string[] forbidden = ["OxyPlot.Core", "OxyPlot.SkiaSharp", "Spectre.Console", "System.CommandLine", "BioVision.Plotting", "BioVision.Reports"];
        Assert.Empty(references.Intersect(forbidden, StringComparer.Ordinal));
    }

    [Fact]
    public void TheGraphReaderSeesDependenciesInMethodBodies()
    {
        // The law the two tests above rest on: a use that appears only inside a method body is an edge. The trainer
        // reseeds stochastic modules only in a method body (StochasticModules.Reseed).
        var graph = Graph();
        Assert.Contains("BioVision.Stochastic", graph["BioVision.Training"].Keys);
        Assert.Contains("BioVision", graph["BioVision.Serialization"].Keys); // DataFormatException, thrown in bodies
    }

    /// <summary>Namespace -> (namespace it uses -> one example "Type -> Type").</summary>
    private static Dictionary<string, Dictionary<string, string>> Graph()
    {
        using var module = ModuleDefinition.ReadModule(typeof(BioVision.V1.VOneBlock).Assembly.Location);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            string from = NamespaceOf(type);
            if (!from.StartsWith("BioVision", StringComparison.Ordinal))
            {
                continue; // <Module>, <PrivateImplementationDetails>, the regex source generator's helpers
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var used in Uses(type))
            {
                if (used.Scope is not ModuleDefinition || used.Module != module)
                {
                    continue; // another assembly
                }

                var definition = used.Resolve();
                string to = definition is null ? used.Namespace : NamespaceOf(definition);
                if (to.StartsWith("BioVision", StringComparison.Ordinal) && to != from)
                {
                    edges.TryAdd(to, $"{Outermost(type).FullName} uses {(definition is null ? used.FullName : Outermost(definition).FullName)}");
                }
            }
        }

        return graph;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string NamespaceOf(TypeDefinition type) => Outermost(type).Namespace;

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments)
                    {
                        Add(a);
                    }

                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }

        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters)
            {
                Add(p.ParameterType);
            }

            if (m is GenericInstanceMethod gm)
            {
                foreach (var a in gm.GenericArguments)
                {
                    Add(a);
                }
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var a in provider.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)))
                {
                    Add(arg.Value as TypeReference);
                }
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }

        foreach (var f in type.Fields)
        {
            Add(f.FieldType);
            AddAttributes(f);
        }

        foreach (var p in type.Properties)
        {
            Add(p.PropertyType);
            AddAttributes(p);
        }

        foreach (var m in type.Methods)
        {
            AddMethod(m);
            AddAttributes(m);
            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                Add(v.VariableType);
            }

            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference mr:
                        AddMethod(mr);
                        break;
                    case FieldReference fr:
                        Add(fr.DeclaringType);
                        Add(fr.FieldType);
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>Tarjan's strongly connected components of the namespace graph.</summary>
    private static List<HashSet<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<HashSet<string>>();
        int counter = 0;
        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var targets) ? targets.Keys.ToList() : [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }
}
