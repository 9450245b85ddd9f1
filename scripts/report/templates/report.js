(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  const shown = document.getElementById('shown');
  const total = shown.dataset.total;
  const checked = (name) => new Set(Array.from(
    form.querySelectorAll('input[name="' + name + '"]:checked'), (input) => input.value));
  const apply = () => {
    const severities = checked('severity');
    const families = checked('family');
    let count = 0;
    for (const item of document.querySelectorAll('li.finding')) {
      const show = severities.has(item.dataset.severity) && families.has(item.dataset.family);
      item.hidden = !show;
      if (show) count += 1;
    }
    for (const article of document.querySelectorAll('section.article')) {
      article.hidden = !article.querySelector('li.finding:not([hidden])');
    }
    shown.textContent = count + ' of ' + total + ' findings shown';
  };
  form.addEventListener('change', apply);
  apply();
})();
