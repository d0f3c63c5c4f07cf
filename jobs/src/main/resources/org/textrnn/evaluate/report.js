(function () {
  var charts = document.querySelectorAll('svg.chart'), ok = 0;
  for (var i = 0; i < charts.length; i++) {
    var svg = charts[i], marks = svg.querySelectorAll('.mark'), drawn = 0;
    for (var j = 0; j < marks.length; j++) {
      var b = marks[j].getBBox();
      if (b.width > 0 || b.height > 0) { drawn++; }
    }
    var box = svg.getBoundingClientRect();
    var rendered = box.width > 0 && box.height > 0 && drawn === Number(svg.getAttribute('data-marks'));
    svg.setAttribute('data-rendered-marks', String(drawn));
    svg.setAttribute('data-rendered', String(rendered));
    if (rendered) { ok++; }
  }
  document.body.setAttribute('data-charts', String(charts.length));
  document.body.setAttribute('data-charts-rendered', String(ok));
})();
