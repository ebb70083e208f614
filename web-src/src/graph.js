// placeholder entry: the graph explorer (sigma.js + graphology) is written in graph.js
import Graph from "graphology";
import Sigma from "sigma";
window.TnocGraphLibs = { Graph, Sigma };
